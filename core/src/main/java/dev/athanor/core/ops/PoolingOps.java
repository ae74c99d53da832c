package dev.athanor.core.ops;

import dev.athanor.core.Tensor;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/**
 * Two-dimensional max and average pooling as autodiff ops, computed by libnd4j's native
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
        return pool("maxpool2d", x, pool, g);
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
