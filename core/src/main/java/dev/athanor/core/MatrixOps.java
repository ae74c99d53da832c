package dev.athanor.core;

import java.util.Arrays;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
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
    static Tensor linear(Tensor x, Tensor kernel, Tensor bias) {
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

    /**
     * Batched {@code op(a)·op(b)} over the leading axes (equal in both, rank >= 3), each optionally
     * transposed in its last two axes: one libnd4j matmul for all batches forward, and one per input
     * backward, with the transpose flags instead of transposed copies.
     */
    static Tensor batchMatmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        INDArray av = a.value(), bv = b.value();
        int r = av.rank();
        long[] as = av.shape(), bs = bv.shape();
        boolean ok = r >= 3 && bv.rank() == r
                && Arrays.equals(Arrays.copyOf(as, r - 2), Arrays.copyOf(bs, r - 2))
                && (transposeA ? as[r - 2] : as[r - 1]) == (transposeB ? bs[r - 1] : bs[r - 2]);
        if (!ok) {
            throw new IllegalArgumentException("batchMatmul needs [..., n, k] x [..., k, m] with equal leading axes"
                    + " (after the transposes " + transposeA + ", " + transposeB + "); received "
                    + Arrays.toString(as) + " x " + Arrays.toString(bs) + ".");
        }
        INDArray out = bmm(av, bv, transposeA, transposeB);
        return Tensor.result(out, "batchMatmul", g -> {
            INDArray ga = null, gb = null;
            if (a.requiresGrad()) {
                // C = op(A)·op(B): dA = g·op(B)ᵀ, transposed back when A entered transposed.
                ga = transposeA ? bmm(bv, g, transposeB, true) : bmm(g, bv, false, !transposeB);
            }
            if (b.requiresGrad()) {
                gb = transposeB ? bmm(g, av, true, transposeA) : bmm(av, g, !transposeA, false);
            }
            return new INDArray[] {ga, gb};
        }, a, b);
    }

    private static INDArray bmm(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
        int r = a.rank();
        long[] shape = a.shape().clone();
        shape[r - 2] = transposeA ? a.size(r - 1) : a.size(r - 2);
        shape[r - 1] = transposeB ? b.size(r - 2) : b.size(r - 1);
        INDArray out = Nd4j.createUninitialized(a.dataType(), shape);
        Nd4j.exec(new Mmul(a, b, out, 1.0, 0.0,
                MMulTranspose.builder().transposeA(transposeA).transposeB(transposeB).build()));
        return out;
    }
}
