package dev.athanor.core.layers;

import java.util.Arrays;

/**
 * The size a single weight may have before it is allocated. A config (or a file's config) is data: a
 * few bytes saying {@code units: 2147483647} or {@code batch_input_shape: [null, 1e9]} must fail with
 * a message, not end in an {@code OutOfMemoryError} or an overflowed array size after gigabytes of
 * native memory were requested.
 *
 * <p>The default, 2^31 - 1 elements (8 GB in float32), is ND4J's largest single array in most ops;
 * set the system property {@code athanor.maxWeightElements} to lower it (a server loading untrusted
 * files) or raise it.
 */
final class WeightLimit {

    /** The system property that sets the limit (elements per weight). */
    static final String PROPERTY = "athanor.maxWeightElements";

    private WeightLimit() {
    }

    static long max() {
        String v = System.getProperty(PROPERTY);
        if (v == null) {
            return Integer.MAX_VALUE;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("System property " + PROPERTY + " must be a whole number of elements."
                    + " Received: " + v, e);
        }
    }

    static void check(Layer layer, String weightName, long[] shape) {
        long n = 1;
        boolean overflow = false;
        for (long d : shape) {
            if (d < 0) {
                throw new LayerShapeException("Layer '" + layer.name() + "' (" + layer.registryName() + ") would create"
                        + " weight '" + weightName + "' with an unknown or negative dimension: shape "
                        + Arrays.toString(shape) + ". Give the layer a fully known input shape.");
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                overflow = true;
                break;
            }
        }
        long max = max();
        if (overflow || n > max) {
            throw new IllegalArgumentException("Layer '" + layer.name() + "' (" + layer.registryName() + ") would create"
                    + " weight '" + weightName + "' of shape " + Arrays.toString(shape) + " ("
                    + (overflow ? "more than 2^63" : String.format("%,d", n)) + " elements), beyond the limit of "
                    + String.format("%,d", max) + " elements per weight. Check the layer's config (units, filters,"
                    + " input shape); to allow it, raise -D" + PROPERTY + ".");
        }
    }
}
