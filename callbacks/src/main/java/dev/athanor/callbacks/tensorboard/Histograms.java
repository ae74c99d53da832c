package dev.athanor.callbacks.tensorboard;

/**
 * The buckets {@code tf.summary.histogram} computes (TensorBoard's
 * {@code plugins/histogram/summary_v2._buckets}): {@code bucketCount} equal-width buckets from the
 * minimum to the maximum, a value's bucket is {@code floor((v - min) / width)} clamped to the last
 * one (so the maximum counts in the last bucket), and the last right edge is exactly the maximum.
 * A constant input gives buckets whose edges are all that value, with every count in the last one;
 * an empty input gives all-zero rows.
 */
public final class Histograms {

    /** TensorBoard's default bucket count. */
    public static final int DEFAULT_BUCKETS = 30;

    private Histograms() {
    }

    /** Rows of {@code [left edge, right edge, count]}, flattened row-major ({@code 3 * bucketCount}). */
    public static double[] buckets(double[] data, int bucketCount) {
        if (bucketCount <= 0) {
            return new double[0];
        }
        double[] out = new double[3 * bucketCount];
        if (data.length == 0) {
            return out;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : data) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = max - min;
        if (range == 0) {
            for (int i = 0; i < bucketCount; i++) {
                out[3 * i] = max;
                out[3 * i + 1] = max;
            }
            out[3 * bucketCount - 1] = data.length;
            return out;
        }
        double width = range / bucketCount;
        for (double v : data) {
            int idx = (int) Math.floor((v - min) / width);
            out[3 * Math.min(idx, bucketCount - 1) + 2] += 1;
        }
        // tf.linspace(min, max, n + 1): start + i * (stop - start) / n, the last edge forced to max.
        double step = range / bucketCount;
        for (int i = 0; i < bucketCount; i++) {
            out[3 * i] = min + i * step;
            out[3 * i + 1] = i == bucketCount - 1 ? max : min + (i + 1) * step;
        }
        return out;
    }
}
