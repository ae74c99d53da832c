package dev.athanor.core.layers;

import java.util.List;

/**
 * Keras's {@code MaxPooling1D(pool_size=2, strides=None, padding="valid", data_format="channels_last")}
 * (Keras 2.6): the max over each window of a [batch, steps, channels] input (channels_first accepted), computed by
 * libnd4j's native pooling kernels. See {@link Pooling} for the shape and padding rules.
 */
public class MaxPooling1D extends Pooling<MaxPooling1D> {

    /** Keras's defaults: pool size 2, strides = pool size, valid padding. */
    public MaxPooling1D() {
        super(1, true);
    }

    /** Pooling windows of {@code poolSize} (one value for every axis, or one per axis). */
    public MaxPooling1D(int... poolSize) {
        this();
        poolSize(poolSize);
    }

    @Override
    public List<String> aliases() {
        return List.of("MaxPool1D");
    }
}
