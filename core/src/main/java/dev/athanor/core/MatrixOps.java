package dev.athanor.core;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Matrix products; backward uses gemm's transpose flags instead of transposed copies. */
final class MatrixOps {

    private MatrixOps() {
    }

    static Tensor matmul(Tensor a, Tensor b) {
        INDArray av = a.value(), bv = b.value();
        if (av.rank() != 2 || bv.rank() != 2 || av.size(1) != bv.size(0)) {
            throw new IllegalArgumentException("matmul needs [n, k] x [k, m]; received "
                    + Arrays.toString(av.shape()) + " x " + Arrays.toString(bv.shape()) + ".");
        }
        INDArray out = Nd4j.gemm(av, bv, false, false);
        return Tensor.result(out, "matmul", g -> new INDArray[] {
            a.requiresGrad() ? Nd4j.gemm(g, bv, false, true) : null,
            b.requiresGrad() ? Nd4j.gemm(av, g, true, false) : null}, a, b);
    }
}
