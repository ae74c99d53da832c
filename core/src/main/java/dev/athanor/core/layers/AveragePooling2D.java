package dev.athanor.core.layers;

import java.util.List;

/**
 * Keras's {@code AveragePooling2D(pool_size=(2, 2), strides=None, padding="valid", data_format="channels_last")}
 * (Keras 2.6): the average over each window of a [batch, rows, cols, channels] input (channels_first accepted), computed by
 * libnd4j's native pooling kernels. See {@link Pooling} for the shape and padding rules.
 */
public class AveragePooling2D extends Pooling<AveragePooling2D> {

    /** Keras's defaults: pool size 2, strides = pool size, valid padding. */
    public AveragePooling2D() {
        super(2, false);
    }

    /** Pooling windows of {@code poolSize} (one value for every axis, or one per axis). */
    public AveragePooling2D(int... poolSize) {
        this();
        poolSize(poolSize);
    }

    @Override
    public List<String> aliases() {
        return List.of("AvgPool2D");
    }
}
