package dev.athanor.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Repeated measurements of one figure (samples/s or MB/s) with the load average at each. */
final class Samples {

    private final List<Double> values = new ArrayList<>();
    private final List<Double> loads = new ArrayList<>();

    void add(double value, double load) {
        values.add(value);
        loads.add(load);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    double median() {
        return median(values);
    }

    double medianLoad() {
        return median(loads);
    }

    private static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** Every run, e.g. "5,210 (load 1.2) 5,400 (load 0.9)". */
    String runs() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%,.0f (load %.2f)  ", values.get(i), loads.get(i)));
        }
        return sb.toString().trim();
    }
}
