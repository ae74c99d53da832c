package dev.athanor.core.layers;

import java.util.List;

/**
 * Keras's {@code GlobalMaxPooling2D(data_format="channels_last", keepdims=False)} (Keras 2.6): the max over
 * all rows and columns of a [batch, rows, cols, channels] input (channels_first accepted), per channel. See {@link GlobalPooling}.
 */
public class GlobalMaxPooling2D extends GlobalPooling<GlobalMaxPooling2D> {

    /** Keras's defaults. */
    public GlobalMaxPooling2D() {
        super(2, true);
    }

    @Override
    public List<String> aliases() {
        return List.of("GlobalMaxPool2D");
    }
}
