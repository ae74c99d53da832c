package dev.athanor.core.layers;

import java.util.List;

/**
 * Keras's {@code AveragePooling1D(pool_size=2, strides=None, padding="valid", data_format="channels_last")}
 * (Keras 2.6): the average over each window of a [batch, steps, channels] input (channels_first accepted), computed by
 * libnd4j's native pooling kernels. See {@link Pooling} for the shape and padding rules.
 */
public class AveragePooling1D extends Pooling<AveragePooling1D> {

    /** Keras's defaults: pool size 2, strides = pool size, valid padding. */
    public AveragePooling1D() {
        super(1, false);
    }

    /** Pooling windows of {@code poolSize} (one value for every axis, or one per axis). */
    public AveragePooling1D(int... poolSize) {
        this();
        poolSize(poolSize);
    }

    @Override
    public List<String> aliases() {
        return List.of("AvgPool1D");
    }
}
