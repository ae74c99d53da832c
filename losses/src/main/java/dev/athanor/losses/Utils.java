package dev.athanor.losses;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Keras's {@code keras.utils} helpers for targets. */
public final class Utils {

    private Utils() {
    }

    /**
     * One-hot encoding of class labels, as {@code keras.utils.to_categorical}: labels of shape
     * {@code S} give an array of shape {@code S + [numClasses]}, except that a trailing dimension
     * of 1 is dropped first ({@code [n, 1]} gives {@code [n, numClasses]}). The result has the
     * default floating-point type (float32 unless float64 was selected).
     *
     * @param labels integer-valued class indices (any numeric type)
     * @param numClasses number of classes; null means {@code max(labels) + 1}
     * @throws IllegalArgumentException for a negative, non-integer (or NaN) label, a label
     *     {@code >= numClasses}, a non-positive {@code numClasses}, or empty labels without
     *     {@code numClasses}; the message names the offending value
     */
    public static INDArray toCategorical(INDArray labels, Integer numClasses) {
        if (labels == null) {
            throw new IllegalArgumentException("toCategorical: `labels` must not be null.");
        }
        long[] shape = labels.shape();
        if (shape.length > 1 && shape[shape.length - 1] == 1) {
            shape = java.util.Arrays.copyOf(shape, shape.length - 1);
        }
        long n = labels.length();
        double[] values = n == 0 ? new double[0] : labels.reshape(n).castTo(
                org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
        double max = -1;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isNaN(v) || v != Math.rint(v) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("toCategorical: labels must be integer class indices. Received: "
                        + "label=" + v + " at flat index " + i);
            }
            if (v < 0) {
                throw new IllegalArgumentException("toCategorical: labels must be non-negative. Received: label="
                        + (long) v + " at flat index " + i);
            }
            max = Math.max(max, v);
        }
        int k;
        if (numClasses == null) {
            if (n == 0) {
                throw new IllegalArgumentException("toCategorical: cannot infer numClasses from empty labels; "
                        + "pass numClasses.");
            }
            if (max + 1 > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("toCategorical: label " + (long) max + " is too large.");
            }
            k = (int) max + 1;
        } else {
            if (numClasses <= 0) {
                throw new IllegalArgumentException("toCategorical: `numClasses` must be positive. Received: "
                        + "numClasses=" + numClasses);
            }
            k = numClasses;
            for (int i = 0; i < values.length; i++) {
                if (values[i] >= k) {
                    throw new IllegalArgumentException("toCategorical: label " + (long) values[i] + " at flat index "
                            + i + " is out of range for numClasses=" + k + " (labels must be in [0, " + k + ")).");
                }
            }
        }
        long[] outShape = java.util.Arrays.copyOf(shape, shape.length + 1);
        outShape[shape.length] = k;
        INDArray out = Nd4j.zeros(Nd4j.defaultFloatingPointType(), n, k);
        for (int i = 0; i < values.length; i++) {
            out.putScalar(i, (long) values[i], 1.0);
        }
        return out.reshape(outShape);
    }

    /** {@link #toCategorical(INDArray, Integer)} with {@code numClasses = max + 1}. */
    public static INDArray toCategorical(INDArray labels) {
        return toCategorical(labels, null);
    }

    /** {@link #toCategorical(INDArray, Integer)} for a Java array of labels (shape {@code [n]}). */
    public static INDArray toCategorical(int[] labels, Integer numClasses) {
        if (labels == null) {
            throw new IllegalArgumentException("toCategorical: `labels` must not be null.");
        }
        double[] d = new double[labels.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = labels[i];
        }
        return toCategorical(Nd4j.createFromArray(d), numClasses);
    }
}
