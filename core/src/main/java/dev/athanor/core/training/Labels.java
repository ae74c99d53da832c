package dev.athanor.core.training;

import dev.athanor.core.Internal;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Class labels read from targets: argmax of one-hot rows, or the value of integer labels. */
@Internal
public final class Labels {

    private Labels() {
    }

    /** One class per sample, or null when the targets do not look like class labels. */
    static int[] of(INDArray y) {
        if (y == null) {
            return null;
        }
        long n = y.size(0);
        int[] out = new int[Math.toIntExact(n)];
        if (y.rank() == 2 && y.size(1) > 1) {
            INDArray idx = y.argMax(1);
            for (int i = 0; i < n; i++) {
                out[i] = idx.getInt(i);
            }
            return out;
        }
        INDArray flat = y.reshape(y.length());
        if (flat.length() != n) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            double v = flat.getDouble(i);
            if (v != Math.rint(v) || v < 0) {
                return null;
            }
            out[i] = (int) v;
        }
        return out;
    }
}
