package dev.athanor.core.ops;

import dev.athanor.core.Internal;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two gradients of {@link ConvOps#conv2d} as im2col / col2im and gemms (libnd4j's fused
 * {@code conv2d_bp} measured about three times slower on this machine kind, see
 * {@code examples/ConvBenchmark}). With {@code col[n, c, a, b, i, j]} the input pixel under kernel tap
 * {@code (a, b)} of output position {@code (i, j)} (zero in the padding):
 *
 * <pre>
 *   dKernel[a, b, c, o] = sum_{n, i, j} col[n, c, a, b, i, j] * dOut[n, i, j, o]      (batched gemm, summed)
 *   dCol[n, c, a, b, i, j] = sum_o kernel[a, b, c, o] * dOut[n, i, j, o]               (one gemm)
 *   dInput = col2im(dCol)                                                               (adds overlapping taps)
 * </pre>
 *
 * The padding placed before the image is TensorFlow's: {@code floor(total / 2)} for same, 0 for valid.
 */
@Internal
public final class Conv2DGradients {

    private Conv2DGradients() {
    }

    private static int padBefore(long in, long out, long k, int s, int d, boolean same) {
        if (!same) {
            return 0;
        }
        long total = Math.max((out - 1) * s + (k - 1) * d + 1 - in, 0);
        return (int) (total / 2);
    }

    /** The output gradient as NHWC, contiguous. */
    private static INDArray nhwc(INDArray gradOut, boolean channelsFirst) {
        return channelsFirst ? gradOut.permute(0, 2, 3, 1).dup('c') : gradOut;
    }

    static INDArray input(INDArray gradOut, INDArray kernel, long[] inputShape, ConvOps.Geometry g) {
        boolean cf = g.channelsFirst();
        int kh = (int) kernel.size(0);
        int kw = (int) kernel.size(1);
        long c = kernel.size(2);
        long o = kernel.size(3);
        long n = inputShape[0];
        long h = inputShape[cf ? 2 : 1];
        long w = inputShape[cf ? 3 : 2];
        long oh = gradOut.size(cf ? 2 : 1);
        long ow = gradOut.size(cf ? 3 : 2);
        int[] s = g.strides();
        int[] d = g.dilation();
        INDArray kernelMatrix = kernel.permute(2, 0, 1, 3).dup('c').reshape(c * kh * kw, o);
        INDArray goMatrix = nhwc(gradOut, cf).reshape(n * oh * ow, o);
        INDArray dCol = Nd4j.gemm(goMatrix, kernelMatrix, false, true) // [n * oh * ow, c * kh * kw]
                .reshape(n, oh, ow, c, kh, kw).permute(0, 3, 4, 5, 1, 2);
        int ph = padBefore(h, oh, kh, s[0], d[0], g.same());
        int pw = padBefore(w, ow, kw, s[1], d[1], g.same());
        int[] args = {s[0], s[1], ph, pw, (int) h, (int) w, d[0], d[1], 0};
        INDArray image = ConvOps.exec(DynamicCustomOp.builder("col2im").addInputs(dCol).addIntegerArguments(args)
                .build())[0]; // [n, c, h, w]
        return cf ? image : image.permute(0, 2, 3, 1).dup('c');
    }

    static INDArray kernel(INDArray input, INDArray gradOut, long[] kernelShape, ConvOps.Geometry g) {
        boolean cf = g.channelsFirst();
        INDArray nchw = cf ? input : input.permute(0, 3, 1, 2).dup('c');
        int kh = (int) kernelShape[0];
        int kw = (int) kernelShape[1];
        long c = kernelShape[2];
        long o = kernelShape[3];
        int[] s = g.strides();
        int[] d = g.dilation();
        long n = nchw.size(0);
        long oh = gradOut.size(cf ? 2 : 1);
        long ow = gradOut.size(cf ? 3 : 2);
        int ph = padBefore(nchw.size(2), oh, kh, s[0], d[0], g.same());
        int pw = padBefore(nchw.size(3), ow, kw, s[1], d[1], g.same());
        // same mode sizes the columns as ceil(n / s); the explicit pads place them as TensorFlow does
        int[] args = {kh, kw, s[0], s[1], ph, pw, d[0], d[1], g.same() ? 1 : 0};
        INDArray col = ConvOps.exec(DynamicCustomOp.builder("im2col").addInputs(nchw).addIntegerArguments(args)
                .build())[0]; // [n, c, kh, kw, oh, ow]
        INDArray perSample = Nd4j.matmul(col.reshape(n, c * kh * kw, oh * ow),
                nhwc(gradOut, cf).reshape(n, oh * ow, o)); // [n, c * kh * kw, o]
        return perSample.sum(0).reshape(c, kh, kw, o).permute(1, 2, 0, 3).dup('c');
    }
}
