package dev.athanor.cli;

import dev.athanor.core.Model;
import dev.athanor.core.Seeds;
import dev.athanor.core.Sequential;
import dev.athanor.core.Split;
import dev.athanor.core.training.ValidationSplitter;
import dev.athanor.core.layers.Dense;
import dev.athanor.datasets.Datasets;
import dev.athanor.losses.Utils;
import java.io.PrintStream;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The bundled task of {@code demo} and {@code compare-optimizers}: the UCI digits (1797 8x8 images)
 * split, per class, into training, validation and a held-out test part, and a small MLP.
 */
final class DigitsTask {

    static final double TEST_FRACTION = 0.2;
    static final double VALIDATION_FRACTION = 0.2;
    static final int CLASSES = 10;
    static final int HIDDEN = 128;

    final INDArray xTrain;
    final INDArray yTrain;
    final INDArray xVal;
    final INDArray yVal;
    final INDArray xTest;
    final INDArray yTest;
    final String description;

    private DigitsTask(INDArray xTrain, INDArray yTrain, INDArray xVal, INDArray yVal, INDArray xTest,
            INDArray yTest, String description) {
        this.xTrain = xTrain;
        this.yTrain = yTrain;
        this.xVal = xVal;
        this.yVal = yVal;
        this.xTest = xTest;
        this.yTest = yTest;
        this.description = description;
    }

    /**
     * Holds out a stratified test part first, then draws a stratified validation part from the rest
     * (both with core's {@link ValidationSplitter}, the rule {@code validationSplit(f, STRATIFIED)} uses).
     */
    static DigitsTask load(long seed) {
        Datasets.Data data = Datasets.digits();
        int n = data.labels().length;
        ValidationSplitter.Parts first = ValidationSplitter.split(n, TEST_FRACTION, Split.STRATIFIED, data.labels(),
                seed);
        int[] restLabels = Rows.take(data.labels(), first.train());
        ValidationSplitter.Parts second = ValidationSplitter.split(restLabels.length, VALIDATION_FRACTION,
                Split.STRATIFIED, restLabels, seed + 1);
        int[] train = Rows.take(first.train(), second.train());
        int[] val = Rows.take(first.train(), second.validation());
        int[] test = first.validation();
        String description = String.format(Locale.ROOT,
                "%d digits (8x8 pixels in [0, 1], 10 classes) split per class:%n"
                        + "  test:       %s, held out until the end%n"
                        + "  validation: %s%n"
                        + "  training:   the remaining %d samples (%s)",
                n, first.description(), second.description() + " of the rest", train.length,
                classCounts(Rows.take(data.labels(), train)));
        return new DigitsTask(
                Rows.take(data.x(), train), oneHot(data.labels(), train),
                Rows.take(data.x(), val), oneHot(data.labels(), val),
                Rows.take(data.x(), test), oneHot(data.labels(), test), description);
    }

    private static INDArray oneHot(int[] labels, int[] idx) {
        return Utils.toCategorical(Rows.take(labels, idx), CLASSES);
    }

    private static String classCounts(int[] labels) {
        int[] counts = new int[CLASSES];
        for (int l : labels) {
            counts[l]++;
        }
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int c : counts) {
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        return min + " to " + max + " per class";
    }

    /**
     * The MLP: 64 inputs, two hidden layers of 128 ReLU units, 10 softmax outputs. Layers are named so
     * that the same seed gives the same initial weights in every model built (initial values are
     * drawn per layer and weight name).
     */
    static Model mlp(long seed) {
        Seeds.set(seed);
        Sequential model = new Sequential().name("digits_mlp");
        model.add(new Dense(HIDDEN).activation("relu").inputDim(64).name("hidden_1"));
        model.add(new Dense(HIDDEN).activation("relu").name("hidden_2"));
        model.add(new Dense(CLASSES).activation("softmax").name("digits"));
        return model;
    }

    void printSplit(PrintStream out) {
        out.println(description);
    }
}
