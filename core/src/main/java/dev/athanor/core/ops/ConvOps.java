package dev.athanor.core.ops;

import dev.athanor.core.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Two-dimensional convolutions as autodiff ops, computed by libnd4j's native kernels ({@code conv2d},
 * {@code depthwise_conv2d}, {@code deconv2d} and their {@code _bp} ops: im2col + gemm), never by
 * Java loops over pixels.
 *
 * <p>Layouts are Keras's: images NHWC ({@code channelsFirst=false}) or NCHW; kernels HWIO
 * {@code [kh, kw, in, out]} for {@link #conv2d}, {@code [kh, kw, in, multiplier]} for
 * {@link #depthwiseConv2d} (output channel {@code c * multiplier + m}, as TensorFlow orders it) and
 * {@code [kh, kw, out, in]} for {@link #conv2dTranspose}. {@code same} padding places
 * {@code floor(total / 2)} zeros before and the rest after, as TensorFlow does; valid pads nothing.
 * One-dimensional convolutions are these ops on a height-1 image.
 */
public final class ConvOps {

    private ConvOps() {
    }

    /** Strides, dilation, padding mode and data format of one 2-D convolution. */
    public record Geometry(int[] strides, int[] dilation, boolean same, boolean channelsFirst) {

        /** Checks the values (positive strides and dilation, two of each). */
        public Geometry {
            strides = checkPair("strides", strides);
            dilation = checkPair("dilation_rate", dilation);
        }

        private static int[] checkPair(String what, int[] v) {
            if (v == null || v.length != 2 || v[0] <= 0 || v[1] <= 0) {
                throw new IllegalArgumentException("`" + what + "` must be two positive integers. Received: "
                        + what + "=" + Arrays.toString(v));
            }
            return v.clone();
        }

        /** libnd4j's integer arguments: kH, kW, sH, sW, pH, pW, dH, dW, same, isNHWC. */
        int[] iArgs(long kh, long kw) {
            return new int[] {Math.toIntExact(kh), Math.toIntExact(kw), strides[0], strides[1], 0, 0, dilation[0], dilation[1], same ? 1 : 0,
                channelsFirst ? 0 : 1};
        }

        /** Output length of one spatial axis of a convolution, as Keras's {@code conv_output_length}. */
        public static long outputLength(long input, long kernel, int stride, int dilation, boolean same) {
            if (input < 0) {
                return -1;
            }
            long effective = (kernel - 1) * dilation + 1;
            long span = same ? input : input - effective + 1;
            return span <= 0 ? 0 : (span + stride - 1) / stride;
        }

        /** Output length of one spatial axis of a transposed convolution (Keras's {@code deconv_output_length}). */
        public static long transposedLength(long input, long kernel, int stride, int dilation, boolean same) {
            if (input < 0) {
                return -1;
            }
            long effective = (kernel - 1) * dilation + 1;
            return same ? input * stride : (input - 1) * stride + effective;
        }
    }

    /**
     * {@code conv2d(x, kernel) + bias}: x {@code [n, h, w, in]} (or NCHW), kernel {@code [kh, kw, in, out]},
     * bias {@code [out]} or null.
     */
    public static Tensor conv2d(Tensor x, Tensor kernel, Tensor bias, Geometry g) {
        INDArray k = kernel.value();
        checkRanks("conv2d", x, k, g, k.size(2));
        if (GemmConv2D.applies(x.value(), k, g)) {
            return GemmConv2D.conv2d(x, kernel, bias, g, false);
        }
        return conv2dNative(x, kernel, bias, g);
    }

    /**
     * {@code relu(conv2d(x, kernel) + bias)} as one op where the gemm kernels apply (float32 / float64),
     * else null: the caller then applies its activation to {@link #conv2d}.
     */
    public static Tensor conv2dRelu(Tensor x, Tensor kernel, Tensor bias, Geometry g) {
        INDArray k = kernel.value();
        checkRanks("conv2d", x, k, g, k.size(2));
        return GemmConv2D.applies(x.value(), k, g) ? GemmConv2D.conv2d(x, kernel, bias, g, true) : null;
    }

    /** {@link #conv2d} with libnd4j's {@code conv2d} forward (other types; and the reference in tests). */
    static Tensor conv2dNative(Tensor x, Tensor kernel, Tensor bias, Geometry g) {
        INDArray k = kernel.value();
        int[] iArgs = append(g.iArgs(k.size(0), k.size(1)), 0); // weight format 0: [kh, kw, in, out]
        INDArray xv = contiguous(x.value());
        INDArray kv = contiguous(k.castTo(xv.dataType()));
        INDArray bv = bias == null ? null : contiguous(bias.value().castTo(xv.dataType()));
        INDArray[] ins = bv == null ? new INDArray[] {xv, kv} : new INDArray[] {xv, kv, bv};
        INDArray out = exec(DynamicCustomOp.builder("conv2d").addInputs(ins).addIntegerArguments(iArgs).build())[0];
        Tensor[] parents = bias == null ? new Tensor[] {x, kernel} : new Tensor[] {x, kernel, bias};
        // libnd4j's conv2d_bp measured about twice as slow as these three parts (deconv2d, im2col + one gemm, a sum)
        return Tensor.result(out, "conv2d", gradOut -> {
            INDArray go = contiguous(gradOut.castTo(xv.dataType()));
            INDArray[] grads = new INDArray[parents.length];
            if (x.requiresGrad()) {
                grads[0] = Conv2DGradients.input(go, kv, xv.shape(), g);
            }
            if (kernel.requiresGrad()) {
                grads[1] = Conv2DGradients.kernel(xv, go, kv.shape(), g).castTo(k.dataType());
            }
            if (bias != null && bias.requiresGrad()) {
                grads[2] = go.sum(g.channelsFirst() ? new int[] {0, 2, 3} : new int[] {0, 1, 2})
                        .reshape(bias.value().shape()).castTo(bias.value().dataType());
            }
            return grads;
        }, parents);
    }

    /**
     * Depthwise convolution: each input channel convolved with its own {@code multiplier} filters.
     * x {@code [n, h, w, in]}, kernel {@code [kh, kw, in, multiplier]}, bias {@code [in * multiplier]} or null.
     */
    public static Tensor depthwiseConv2d(Tensor x, Tensor kernel, Tensor bias, Geometry g) {
        INDArray k = kernel.value();
        checkRanks("depthwise_conv2d", x, k, g, k.size(2));
        return nativeConv("depthwise_conv2d", x, kernel, bias, g.iArgs(k.size(0), k.size(1)));
    }

    /**
     * Transposed convolution (the gradient of {@link #conv2d} w.r.t. its input, Keras's Conv2DTranspose):
     * x {@code [n, h, w, in]}, kernel {@code [kh, kw, out, in]}, bias {@code [out]} or null.
     */
    public static Tensor conv2dTranspose(Tensor x, Tensor kernel, Tensor bias, Geometry g) {
        INDArray k = kernel.value();
        checkRanks("deconv2d", x, k, g, k.size(3));
        int[] iArgs = append(g.iArgs(k.size(0), k.size(1)), 0); // weight format 0: [kh, kw, out, in]
        return nativeConv("deconv2d", x, kernel, bias, iArgs);
    }

    private static void checkRanks(String op, Tensor x, INDArray k, Geometry g, long kernelIn) {
        INDArray v = x.value();
        if (v.rank() != 4 || k.rank() != 4) {
            throw new IllegalArgumentException(op + " needs a rank-4 input and kernel; received input "
                    + Arrays.toString(v.shape()) + " and kernel " + Arrays.toString(k.shape()) + ".");
        }
        long channels = v.size(g.channelsFirst() ? 1 : 3);
        if (channels != kernelIn) {
            throw new IllegalArgumentException(op + ": the input has " + channels + " channels but the kernel "
                    + Arrays.toString(k.shape()) + " expects " + kernelIn + ".");
        }
    }

    private static int[] append(int[] a, int v) {
        int[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = v;
        return out;
    }

    private static Tensor nativeConv(String op, Tensor x, Tensor kernel, Tensor bias, int[] iArgs) {
        INDArray xv = contiguous(x.value());
        INDArray kv = contiguous(kernel.value().castTo(xv.dataType()));
        INDArray bv = bias == null ? null : contiguous(bias.value().castTo(xv.dataType()));
        List<INDArray> ins = new ArrayList<>(List.of(xv, kv));
        if (bv != null) {
            ins.add(bv);
        }
        INDArray out = exec(DynamicCustomOp.builder(op).addInputs(ins.toArray(INDArray[]::new))
                .addIntegerArguments(iArgs).build())[0];
        Tensor[] parents = bias == null ? new Tensor[] {x, kernel} : new Tensor[] {x, kernel, bias};
        return Tensor.result(out, op, gradOut -> {
            List<INDArray> bpIns = new ArrayList<>(ins);
            bpIns.add(contiguous(gradOut.castTo(xv.dataType())));
            INDArray[] grads = exec(DynamicCustomOp.builder(op + "_bp")
                    .addInputs(bpIns.toArray(INDArray[]::new)).addIntegerArguments(iArgs).build());
            grads[1] = grads[1].castTo(kernel.value().dataType());
            if (bias != null) {
                grads[2] = grads[2].reshape(bias.value().shape()).castTo(bias.value().dataType());
            }
            return grads;
        }, parents);
    }

    /** Runs a custom op, turning libnd4j's terse failures into a message naming the op and shapes. */
    static INDArray[] exec(DynamicCustomOp op) {
        try {
            return Nd4j.exec(op);
        } catch (RuntimeException e) {
            StringBuilder shapes = new StringBuilder();
            for (INDArray in : op.inputArguments()) {
                shapes.append(' ').append(Arrays.toString(in.shape()));
            }
            throw new IllegalArgumentException("Native op '" + op.opName() + "' failed for inputs" + shapes
                    + " and arguments " + Arrays.toString(op.iArgs()) + ": " + e.getMessage(), e);
        }
    }

    static INDArray contiguous(INDArray a) {
        return a.ordering() == 'c' && !a.isView() ? a : a.dup('c');
    }
}
