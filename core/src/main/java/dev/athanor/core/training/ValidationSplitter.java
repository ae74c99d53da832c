package dev.athanor.core.training;

import dev.athanor.core.Seeds;
import dev.athanor.core.Split;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits sample indices into training and validation parts as {@code validationSplit} asks, and
 * warns when a tail split is degenerate (e.g. one class only, as sorted data gives). Public so that
 * tools (the CLI) can hold out a test part, or show a split, with exactly the rule fit uses.
 */
public final class ValidationSplitter {

    private static final Logger LOG = LoggerFactory.getLogger(ValidationSplitter.class);

    /** The two parts, as sample indices in their original order, and a sentence describing them. */
    public record Parts(int[] train, int[] validation, String description) {
    }

    private ValidationSplitter() {
    }

    /**
     * Splits {@code n} samples, {@code fraction} of them into the validation part.
     *
     * @param labels class per sample (needed for {@link Split#STRATIFIED}, used for the tail warning), or null
     * @param seed   draws {@link Split#SHUFFLED} and {@link Split#STRATIFIED} splits
     */
    public static Parts split(int n, double fraction, Split how, int[] labels, long seed) {
        int splitAt = (int) Math.floor(n * (1.0 - fraction));
        if (splitAt <= 0 || splitAt >= n) {
            throw new IllegalArgumentException("validationSplit=" + fraction + " of " + n
                    + " samples leaves no " + (splitAt <= 0 ? "training" : "validation")
                    + " samples; use a fraction that keeps at least one sample on each side.");
        }
        Parts parts = switch (how) {
            case TAIL -> new Parts(range(0, splitAt), range(splitAt, n), "the last " + (n - splitAt) + " of " + n
                    + " samples (before shuffling)");
            case SHUFFLED -> shuffled(n, n - splitAt, seed);
            case STRATIFIED -> stratified(n, fraction, labels, seed);
        };
        if (how == Split.TAIL && labels != null) {
            warnIfDegenerate(parts, labels, fraction);
        }
        return parts;
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }

    private static Parts shuffled(int n, int valCount, long seed) {
        int[] perm = Permutations.of(n, new Random(Seeds.mix(seed, "validation_split")));
        int[] val = Batches.slice(perm, 0, valCount);
        int[] train = Batches.slice(perm, valCount, n);
        java.util.Arrays.sort(val);
        java.util.Arrays.sort(train);
        return new Parts(train, val, valCount + " of " + n + " samples drawn at random (seed " + seed + ")");
    }

    private static Parts stratified(int n, double fraction, int[] labels, long seed) {
        if (labels == null) {
            throw new IllegalArgumentException("Split.STRATIFIED needs class labels in y (one-hot rows or integer"
                    + " class indices); use Split.SHUFFLED for other targets.");
        }
        Map<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
        }
        Random r = new Random(Seeds.mix(seed, "validation_split"));
        List<Integer> val = new ArrayList<>();
        List<Integer> train = new ArrayList<>();
        for (List<Integer> members : byClass.values()) {
            java.util.Collections.shuffle(members, r);
            int k = (int) Math.round(members.size() * fraction);
            val.addAll(members.subList(0, k));
            train.addAll(members.subList(k, members.size()));
        }
        int[] v = val.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] t = train.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new Parts(t, v, v.length + " of " + n + " samples, " + Math.round(fraction * 100)
                + " % of each of " + byClass.size() + " classes (seed " + seed + ")");
    }

    private static void warnIfDegenerate(Parts parts, int[] labels, double fraction) {
        TreeSet<Integer> trainClasses = new TreeSet<>();
        for (int i : parts.train()) {
            trainClasses.add(labels[i]);
        }
        TreeSet<Integer> valClasses = new TreeSet<>();
        for (int i : parts.validation()) {
            valClasses.add(labels[i]);
        }
        boolean oneClass = valClasses.size() == 1 && trainClasses.size() > 1;
        TreeSet<Integer> unseen = new TreeSet<>(valClasses);
        unseen.removeAll(trainClasses);
        if (oneClass || !unseen.isEmpty()) {
            LOG.warn("validationSplit({}) took {}: the validation part holds only class(es) {} while the training"
                    + " part has {}{}. Validation metrics will not measure what you expect (is the data sorted by"
                    + " class?). Use validationSplit({}, Split.STRATIFIED) or Split.SHUFFLED, or shuffle the data"
                    + " before fit.", fraction, parts.description(), valClasses, trainClasses,
                    unseen.isEmpty() ? "" : "; classes " + unseen + " never occur in training", fraction);
        }
    }
}
