package dev.athanor.losses;

import dev.athanor.core.Tensor;
import java.util.Arrays;

/** Shape rules shared by losses and metrics. */
final class Targets {

    private Targets() {
    }

    /**
     * {@code yTrue} reshaped to {@code yPred}'s shape when it only lacks a trailing 1
     * ({@code [n]} vs {@code [n, 1]}); otherwise the shapes must be equal.
     */
    static Tensor sameShape(String who, Tensor yTrue, Tensor yPred) {
        long[] t = yTrue.shape();
        long[] p = yPred.shape();
        if (Arrays.equals(t, p)) {
            return yTrue;
        }
        if (t.length == p.length - 1 && p[p.length - 1] == 1 && Arrays.equals(t, Arrays.copyOf(p, t.length))) {
            return yTrue.reshape(p);
        }
        throw new IllegalArgumentException(who + ": yTrue and yPred must have the same shape. Received: yTrue.shape="
                + Arrays.toString(t) + ", yPred.shape=" + Arrays.toString(p));
    }

    /**
     * Sparse targets (class indices): shape {@code yPred.shape[:-1]} or that plus a trailing 1.
     * Returns the indices with the trailing 1 removed.
     */
    static Tensor sparse(String who, Tensor yTrue, Tensor yPred) {
        long[] t = yTrue.shape();
        long[] p = yPred.shape();
        long[] batch = Arrays.copyOf(p, p.length - 1);
        if (Arrays.equals(t, batch)) {
            return yTrue;
        }
        if (t.length == p.length && t[t.length - 1] == 1 && Arrays.equals(Arrays.copyOf(t, t.length - 1), batch)) {
            return yTrue.reshape(batch);
        }
        throw new IllegalArgumentException(who + ": sparse targets must hold one class index per sample, shape "
                + Arrays.toString(batch) + " or " + Arrays.toString(p).replaceAll("\\d+\\]$", "1]")
                + ". Received: yTrue.shape=" + Arrays.toString(t) + ", yPred.shape=" + Arrays.toString(p));
    }
}
