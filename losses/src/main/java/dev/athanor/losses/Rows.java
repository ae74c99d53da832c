package dev.athanor.losses;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Row-wise helpers for the accuracy metrics: views an array as {@code [rows, lastDim]}. */
final class Rows {

    private Rows() {
    }

    /** The array as rows over its last axis, in double. */
    static double[][] of(INDArray a) {
        long last = a.rank() == 0 ? 1 : a.size(a.rank() - 1);
        long rows = last == 0 ? 0 : a.length() / last;
        return a.castTo(DataType.DOUBLE).reshape(rows, last).toDoubleMatrix();
    }

    /** Every element, flat, in double. */
    static double[] flat(INDArray a) {
        return a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
    }

    /** Index of the largest value; the first on ties (as numpy and TensorFlow). NaN never wins. */
    static int argmax(double[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best] || Double.isNaN(row[best]) && !Double.isNaN(row[i])) {
                best = i;
            }
        }
        return best;
    }

    /**
     * {@code tf.math.in_top_k}: whether the target's score is among the {@code k} largest, ties at
     * the boundary counting as in (fewer than {@code k} scores are strictly greater). A non-finite
     * target score is never in.
     */
    static boolean inTopK(double[] row, int target, int k) {
        double s = row[target];
        if (!Double.isFinite(s)) {
            return false;
        }
        int greater = 0;
        for (double v : row) {
            if (v > s) {
                greater++;
            }
        }
        return greater < k;
    }

    /** Per-row values as an array of the batch shape ({@code shape[:-1]}) in {@code dtype}. */
    static INDArray result(double[] values, long[] predShape, DataType dtype) {
        long[] batch = Arrays.copyOf(predShape, Math.max(predShape.length - 1, 0));
        INDArray out = Nd4j.createFromArray(values).castTo(dtype);
        return batch.length == 0 ? out.reshape() : out.reshape(batch);
    }

    /** A sparse label as a class index, checked against the number of classes. */
    static int label(String who, double v, int classes) {
        if (v != Math.rint(v) || v < 0 || v >= classes) {
            throw new IllegalArgumentException(who + ": sparse labels must be integer class indices in [0, " + classes
                    + "). Received: label=" + v);
        }
        return (int) v;
    }
}
