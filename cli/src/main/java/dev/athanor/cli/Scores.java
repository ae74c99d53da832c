package dev.athanor.cli;

import dev.athanor.core.Component;
import dev.athanor.core.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Names for the numbers {@code evaluate} returns: loss, then the compiled metrics as they were named. */
final class Scores {

    private Scores() {
    }

    static List<String> names(Model model, int count) {
        List<String> names = new ArrayList<>();
        names.add("loss");
        for (Object m : model.metricSpecs()) {
            names.add(m instanceof Component c ? c.registryName() : String.valueOf(m));
        }
        while (names.size() < count) {
            names.add("score_" + names.size());
        }
        return names.subList(0, count);
    }

    static String format(Model model, double[] scores) {
        List<String> names = names(model, scores.length);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < scores.length; i++) {
            sb.append(i == 0 ? "" : " - ").append(names.get(i)).append(": ")
                    .append(String.format(Locale.ROOT, "%.4f", scores[i]));
        }
        return sb.toString();
    }
}
