package dev.athanor.core.ops;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Class indices to one-hot rows, with errors that name the bad label. */
public final class OneHot {

    private OneHot() {
    }

    /** Indices of shape {@code [n]} or {@code [n, 1]} to a {@code [n, classes]} array. */
    public static INDArray of(INDArray indices, long classes, DataType dtype) {
        long n = indices.length();
        INDArray out = Nd4j.zeros(dtype, n, classes);
        INDArray flat = indices.reshape(n);
        for (long i = 0; i < n; i++) {
            double v = flat.getDouble(i);
            if (v != Math.rint(v) || v < 0 || v >= classes) {
                throw new IllegalArgumentException("Label " + v + " at index " + i + " is not a class index in [0, "
                        + classes + "). Sparse targets must be integer class indices.");
            }
            out.putScalar(i, (long) v, 1.0);
        }
        return out;
    }
}
