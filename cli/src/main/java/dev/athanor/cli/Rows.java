package dev.athanor.cli;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Row selection for arrays of any rank (the samples are along axis 0). */
final class Rows {

    private Rows() {
    }

    /** The rows {@code idx} of {@code a}, in that order. */
    static INDArray take(INDArray a, int[] idx) {
        long[] shape = a.shape();
        INDArray flat = a.reshape('c', shape[0], a.length() / Math.max(1, shape[0]));
        INDArray picked = Nd4j.pullRows(flat, 1, idx);
        long[] outShape = Arrays.copyOf(shape, shape.length);
        outShape[0] = idx.length;
        return picked.reshape('c', outShape);
    }

    /** The entries {@code idx} of {@code a}. */
    static int[] take(int[] a, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = a[idx[i]];
        }
        return out;
    }
}
