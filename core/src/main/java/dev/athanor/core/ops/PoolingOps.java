package dev.athanor.core.ops;

import dev.athanor.core.Tensor;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Two-dimensional max and average pooling as autodiff ops: max pooling of float32 / float64 by
 * {@link MaxPoolKernels} (the argmax kept from the forward pass), the rest by libnd4j's native
 * {@code maxpool2d} / {@code avgpool2d} and their {@code _bp} ops.
 *
 * <p>As Keras (TensorFlow): {@code same} padding puts {@code floor(total / 2)} before and the rest
 * after; padded cells never win a max and are not counted in an average (the divisor is the number of
 * real cells under the window). One-dimensional pooling is these ops on a height-1 image.
 */
public final class PoolingOps {

    private PoolingOps() {
    }

    /** Max pooling over {@code pool} windows moved by {@code g.strides()} (dilation must be 1). */
    public static Tensor maxPool2d(Tensor x, int[] pool, ConvOps.Geometry g) {
        INDArray v = x.value();
        if (HostBlas.supports(v.dataType()) && v.rank() == 4 && v.length() < Integer.MAX_VALUE / 8
                && pool != null && pool.length == 2 && pool[0] > 0 && pool[1] > 0 && g.dilation()[0] == 1
                && g.dilation()[1] == 1) {
            return maxPoolWithIndices(x, pool, g);
        }
        return pool("maxpool2d", x, pool, g);
    }

    /** libnd4j's {@code maxpool2d} (other types; the reference in tests). */
    static Tensor maxPool2dNative(Tensor x, int[] pool, ConvOps.Geometry g) {
        return pool("maxpool2d", x, pool, g);
    }

    /** Max pooling that keeps each window's argmax for a one-scatter backward ({@link MaxPoolKernels}). */
    static Tensor maxPoolWithIndices(Tensor x, int[] pool, ConvOps.Geometry g) {
        boolean cf = g.channelsFirst();
        DataType t = x.value().dataType();
        INDArray xv = cf ? x.value().permute(0, 2, 3, 1).dup('c') : HostBlas.contiguous(x.value());
        MaxPoolKernels.Dims d = MaxPoolKernels.Dims.of(xv.shape(), pool, g.strides(), g.same());
        INDArray out = StepArena.array(t, d.n(), d.oh(), d.ow(), d.c());
        int[] argmax = new int[Math.toIntExact(d.outputLength())];
        MaxPoolKernels.forward(xv, d, out, argmax);
        INDArray value = cf ? out.permute(0, 3, 1, 2).dup('c') : out;
        long[] inShape = xv.shape();
        return Tensor.result(value, "maxpool2d", gradOut -> {
            INDArray go = cf ? gradOut.castTo(t).permute(0, 2, 3, 1).dup('c') : HostBlas.contiguous(gradOut.castTo(t));
            INDArray dx = StepArena.array(t, inShape);
            MaxPoolKernels.backward(go, argmax, d, dx);
            return new INDArray[] {cf ? dx.permute(0, 3, 1, 2).dup('c') : dx};
        }, x);
    }

    /** Average pooling; padded cells are excluded from the divisor, as TensorFlow does. */
    public static Tensor avgPool2d(Tensor x, int[] pool, ConvOps.Geometry g) {
        return pool("avgpool2d", x, pool, g);
    }

    private static Tensor pool(String op, Tensor x, int[] pool, ConvOps.Geometry g) {
        INDArray xv = ConvOps.contiguous(x.value());
        if (xv.rank() != 4) {
            throw new IllegalArgumentException(op + " needs a rank-4 input; received " + Arrays.toString(xv.shape())
                    + ".");
        }
        if (pool == null || pool.length != 2 || pool[0] <= 0 || pool[1] <= 0) {
            throw new IllegalArgumentException("`pool_size` must be two positive integers. Received: pool_size="
                    + Arrays.toString(pool));
        }
        // kH, kW, sH, sW, pH, pW, dH, dW, same, extra (avg: 0 = divide by the real cells), isNHWC
        int[] iArgs = {pool[0], pool[1], g.strides()[0], g.strides()[1], 0, 0, g.dilation()[0], g.dilation()[1],
            g.same() ? 1 : 0, 0, g.channelsFirst() ? 0 : 1};
        INDArray out = ConvOps.exec(DynamicCustomOp.builder(op).addInputs(xv).addIntegerArguments(iArgs).build())[0];
        return Tensor.result(out, op, gradOut -> new INDArray[] {
            ConvOps.exec(DynamicCustomOp.builder(op + "_bp")
                    .addInputs(xv, ConvOps.contiguous(gradOut.castTo(xv.dataType())))
                    .addIntegerArguments(iArgs).build())[0]}, x);
    }
}
