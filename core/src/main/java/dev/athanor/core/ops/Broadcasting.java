package dev.athanor.core.ops;

import dev.athanor.core.Internal;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Sums a gradient back to the shape of an input that was broadcast (numpy rules). */
@Internal
public final class Broadcasting {

    private Broadcasting() {
    }

    static INDArray reduceTo(INDArray grad, long[] shape) {
        long[] gs = grad.shape();
        if (Arrays.equals(gs, shape)) {
            return grad;
        }
        if (shape.length == 0) {
            return grad.sum().reshape();
        }
        int lead = gs.length - shape.length;
        int[] axes = new int[gs.length];
        int n = 0;
        for (int i = 0; i < gs.length; i++) {
            if (i < lead) {
                axes[n++] = i;
            } else if (shape[i - lead] == 1 && gs[i] != 1) {
                axes[n++] = i;
            }
        }
        INDArray summed = n == 0 ? grad : grad.sum(true, Arrays.copyOf(axes, n));
        return summed.reshape(shape);
    }

    /** The broadcast shape of two shapes, or an error naming both. */
    static long[] shapeOf(long[] a, long[] b) {
        int r = Math.max(a.length, b.length);
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            long da = i < r - a.length ? 1 : a[i - (r - a.length)];
            long db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("Shapes " + Arrays.toString(a) + " and "
                        + Arrays.toString(b) + " cannot be broadcast together.");
            }
            out[i] = Math.max(da, db);
        }
        return out;
    }
}
