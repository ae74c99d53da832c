package dev.athanor.core.training;

import dev.athanor.core.Internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Weighted running means of logged values over the batches of an epoch (Keras's {@code Mean}). */
@Internal
public final class RunningMeans {

    private final Map<String, double[]> sums = new LinkedHashMap<>();

    void add(String key, double total, double weight) {
        double[] s = sums.computeIfAbsent(key, k -> new double[2]);
        s[0] += total;
        s[1] += weight;
    }

    /** The means so far, in insertion order. */
    Map<String, Double> means(String prefix) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            double[] s = e.getValue();
            out.put(prefix + e.getKey(), s[1] == 0 ? 0.0 : s[0] / s[1]);
        }
        return out;
    }
}
