package dev.athanor.core.ops;

import dev.athanor.core.Internal;

import dev.athanor.core.Tensor;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Matrix products; backward uses gemm's transpose flags instead of transposed copies. */
@Internal
public final class MatrixOps {

    private MatrixOps() {
    }

    public static Tensor matmul(Tensor a, Tensor b) {
        INDArray av = a.value(), bv = b.value();
        if (av.rank() != 2 || bv.rank() != 2 || av.size(1) != bv.size(0)) {
            throw new IllegalArgumentException("matmul needs [n, k] x [k, m]; received "
                    + Arrays.toString(av.shape()) + " x " + Arrays.toString(bv.shape()) + ".");
        }
        INDArray out = Nd4j.gemm(av, bv, false, false);
        return Tensor.result(out, "matmul", g -> new INDArray[] {
            a.requiresGrad() ? Nd4j.gemm(g, bv, false, true) : null,
            b.requiresGrad() ? kernelGrad(b, av, g) : null}, a, b);
    }

    /**
     * {@code xᵀ·g}: written straight into the kernel's reused gradient array when the kernel is a
     * variable's leaf (then null: nothing left to send), else a fresh array.
     */
    private static INDArray kernelGrad(Tensor kernel, INDArray x, INDArray g) {
        return kernel.accumulateGemm(x, g, true, false) ? null : Nd4j.gemm(x, g, true, false);
    }

    /**
     * {@code x·kernel + bias} as one recorded op: the bias is added in place to gemm's fresh output
     * (no broadcast temporary), and the backward pass is two gemms with transpose flags plus one
     * column sum for the bias.
     */
    public static Tensor linear(Tensor x, Tensor kernel, Tensor bias) {
        INDArray xv = x.value(), wv = kernel.value();
        if (xv.rank() != 2 || wv.rank() != 2 || xv.size(1) != wv.size(0)) {
            throw new IllegalArgumentException("linear needs an input [n, k] and a kernel [k, m]; received "
                    + Arrays.toString(xv.shape()) + " and " + Arrays.toString(wv.shape()) + ".");
        }
        INDArray out = Nd4j.gemm(xv, wv, false, false);
        if (bias == null) {
            return Tensor.result(out, "linear", g -> new INDArray[] {
                x.requiresGrad() ? Nd4j.gemm(g, wv, false, true) : null,
                kernel.requiresGrad() ? kernelGrad(kernel, xv, g) : null}, x, kernel);
        }
        INDArray bv = bias.value();
        if (bv.rank() != 1 || bv.length() != wv.size(1)) {
            throw new IllegalArgumentException("linear needs a bias of shape [" + wv.size(1) + "] for a kernel "
                    + Arrays.toString(wv.shape()) + "; received " + Arrays.toString(bv.shape()) + ".");
        }
        out.addiRowVector(bv);
        return Tensor.result(out, "linear", g -> new INDArray[] {
            x.requiresGrad() ? Nd4j.gemm(g, wv, false, true) : null,
            kernel.requiresGrad() ? kernelGrad(kernel, xv, g) : null,
            bias.requiresGrad() ? g.sum(false, 0) : null}, x, kernel, bias);
    }
}
