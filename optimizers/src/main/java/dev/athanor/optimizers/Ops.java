package dev.athanor.optimizers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.factory.Nd4j;

/** Fused in-place ND4J helpers for the update rules: one native call each, no temporaries. */
final class Ops {

    private Ops() {
    }

    /** {@code y += alpha * x}, in place. */
    static void axpy(double alpha, INDArray x, INDArray y) {
        Nd4j.getExecutioner().exec(new Axpy(x, y, y, alpha));
    }

    /** {@code out = sqrt(x)}. */
    static INDArray sqrt(INDArray x, INDArray out) {
        Nd4j.getExecutioner().exec(new Sqrt(x, out));
        return out;
    }

    /** {@code out = |x|}. */
    static INDArray abs(INDArray x, INDArray out) {
        Nd4j.getExecutioner().exec(new Abs(x, out));
        return out;
    }

    /** {@code out = x * x}. */
    static INDArray square(INDArray x, INDArray out) {
        return x.mul(x, out);
    }
}
