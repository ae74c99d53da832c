package dev.athanor.core.ops;

import dev.athanor.core.Internal;
import dev.athanor.core.Tensor;


import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ConvOps#conv2d} as an autodiff op over {@link Conv2DKernels} (im2col + OpenBLAS gemms) for
 * float32 and float64: the forward pass and the input gradient write one result array each (reused
 * between training steps, {@link StepArena}), every temporary is reused between calls.
 * channels_first images are turned to NHWC and back around the kernels (one copy each way).
 */
@Internal
public final class GemmConv2D {

    private GemmConv2D() {
    }

    /** Whether the gemm kernels take this input: float32/float64 and every buffer below 2 GB. */
    static boolean applies(INDArray x, INDArray kernel, ConvOps.Geometry g) {
        if (!HostBlas.supports(x.dataType())) {
            return false;
        }
        long[] s = x.shape();
        long kh = kernel.size(0);
        long kw = kernel.size(1);
        long oh = ConvOps.Geometry.outputLength(s[g.channelsFirst() ? 2 : 1], kh, g.strides()[0], g.dilation()[0],
                g.same());
        long ow = ConvOps.Geometry.outputLength(s[g.channelsFirst() ? 3 : 2], kw, g.strides()[1], g.dilation()[1],
                g.same());
        long limit = Integer.MAX_VALUE / 8;
        return x.length() < limit && s[0] * oh * ow * kernel.size(3) < limit
                && s[0] * oh * ow < limit && kernel.length() < limit;
    }

    /**
     * The convolution, with {@code relu} applied in place to the result when asked (the layer's
     * activation fused: one output array instead of two, and its gradient masked into a reused
     * temporary instead of a fresh array).
     */
    static Tensor conv2d(Tensor x, Tensor kernel, Tensor bias, ConvOps.Geometry g, boolean relu) {
        DataType t = x.value().dataType();
        boolean cf = g.channelsFirst();
        INDArray xv = cf ? x.value().permute(0, 2, 3, 1).dup('c') : HostBlas.contiguous(x.value());
        INDArray kv = HostBlas.contiguous(kernel.value().castTo(t));
        INDArray bv = bias == null ? null : HostBlas.contiguous(bias.value().castTo(t));
        Conv2DKernels.Dims d = Conv2DKernels.Dims.of(xv.shape(), kv.shape(), g.strides(), g.dilation(), g.same());
        INDArray out = StepArena.array(t, d.n(), d.oh(), d.ow(), d.o());
        Conv2DKernels.forward(xv, kv, bv, d, out);
        if (relu) {
            Nd4j.exec(new RectifiedLinear(out, out));
        }
        INDArray value = cf ? out.permute(0, 3, 1, 2).dup('c') : out;
        Tensor[] parents = bias == null ? new Tensor[] {x, kernel} : new Tensor[] {x, kernel, bias};
        return Tensor.result(value, relu ? "conv2d_relu" : "conv2d", gradOut -> {
            INDArray go = cf ? gradOut.castTo(t).permute(0, 2, 3, 1).dup('c') : HostBlas.contiguous(gradOut.castTo(t));
            if (relu) {
                INDArray masked = Scratch.shaped("conv.dy", t, out.shape());
                Nd4j.exec(new RectifiedLinearDerivative(out, go, masked));
                go = masked;
            }
            INDArray dx = x.requiresGrad() ? StepArena.array(t, xv.shape()) : null;
            INDArray dk = kernel.requiresGrad() ? Nd4j.createUninitialized(t, kv.shape()) : null;
            INDArray db = bias != null && bias.requiresGrad() ? Nd4j.createUninitialized(t, d.o()) : null;
            Conv2DKernels.backward(xv, kv, go, d, dx, dk, db);
            INDArray[] grads = new INDArray[parents.length];
            grads[0] = dx == null ? null : cf ? dx.permute(0, 3, 1, 2).dup('c') : dx;
            grads[1] = dk == null ? null : dk.castTo(kernel.value().dataType());
            if (db != null) {
                grads[2] = db.reshape(bias.value().shape()).castTo(bias.value().dataType());
            }
            return grads;
        }, parents);
    }
}
