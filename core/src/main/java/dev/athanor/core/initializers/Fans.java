package dev.athanor.core.initializers;

import java.util.Arrays;

/**
 * Fan-in and fan-out of a weight shape, as Keras's {@code _compute_fans} (keras/initializers/
 * initializers_v2.py, Keras 2.6):
 * <ul>
 *   <li>rank 0: fan_in = fan_out = 1;</li>
 *   <li>rank 1: fan_in = fan_out = shape[0];</li>
 *   <li>rank 2 (Dense kernel {@code [in, out]}): fan_in = shape[0], fan_out = shape[1];</li>
 *   <li>rank 3..5 (convolution kernels {@code [..receptive field.., in, out]}):
 *       receptive = product of shape[:-2]; fan_in = shape[-2] * receptive,
 *       fan_out = shape[-1] * receptive.</li>
 * </ul>
 *
 * @param fanIn number of input units
 * @param fanOut number of output units
 */
public record Fans(double fanIn, double fanOut) {

    /** The fans of {@code shape}. */
    public static Fans of(long[] shape) {
        if (shape.length < 1) {
            return new Fans(1, 1);
        }
        if (shape.length == 1) {
            return new Fans(shape[0], shape[0]);
        }
        if (shape.length == 2) {
            return new Fans(shape[0], shape[1]);
        }
        double receptive = 1;
        for (long d : Arrays.copyOf(shape, shape.length - 2)) {
            receptive *= d;
        }
        return new Fans(shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive);
    }
}
