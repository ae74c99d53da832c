package dev.athanor.core.layers;

import java.util.List;

/**
 * Keras's {@code GlobalAveragePooling2D(data_format="channels_last", keepdims=False)} (Keras 2.6): the mean over
 * all rows and columns of a [batch, rows, cols, channels] input (channels_first accepted), per channel. See {@link GlobalPooling}.
 */
public class GlobalAveragePooling2D extends GlobalPooling<GlobalAveragePooling2D> {

    /** Keras's defaults. */
    public GlobalAveragePooling2D() {
        super(2, false);
    }

    @Override
    public List<String> aliases() {
        return List.of("GlobalAvgPool2D");
    }
}
