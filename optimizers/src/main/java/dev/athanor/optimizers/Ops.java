package dev.athanor.optimizers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.factory.Nd4j;

/** Fused in-place ND4J helpers for the update rules: one native call each, no temporaries. */
final class Ops {

    private Ops() {
    }

    /**
     * Whether BLAS level-1 can run on these arrays: same float/double type, same order, both dense
     * with unit element-wise stride (slots, scratch buffers and variables always are). BLAS axpy and
     * scal are several times faster than ND4J's generic pairwise/scalar ops on this machine.
     */
    private static boolean blas(INDArray x, INDArray y) {
        DataType t = x.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && y.dataType() == t && x.ordering() == y.ordering()
                && x.elementWiseStride() == 1 && y.elementWiseStride() == 1 && x.length() == y.length()
                && !x.isView() && !y.isView();
    }

    /** Whether a fused libnd4j updater can take this gradient for this variable. */
    static boolean fusable(INDArray g, INDArray var) {
        return blas(g, var);
    }

    /** {@code y += alpha * x}, in place. */
    static void axpy(double alpha, INDArray x, INDArray y) {
        if (blas(x, y)) {
            Nd4j.getBlasWrapper().level1().axpy(y.length(), alpha, x, y);
        } else {
            Nd4j.getExecutioner().exec(new Axpy(x, y, y, alpha));
        }
    }

    /** {@code x *= alpha}, in place. */
    static void scale(double alpha, INDArray x) {
        if (blas(x, x)) {
            Nd4j.getBlasWrapper().level1().scal(x.length(), alpha, x);
        } else {
            x.muli(alpha);
        }
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
