package dev.athanor.core.layers;

import java.util.List;

/**
 * Keras's {@code GlobalMaxPooling1D(data_format="channels_last", keepdims=False)} (Keras 2.6): the max over
 * all steps of a [batch, steps, channels] input (channels_first accepted), per channel. See {@link GlobalPooling}.
 */
public class GlobalMaxPooling1D extends GlobalPooling<GlobalMaxPooling1D> {

    /** Keras's defaults. */
    public GlobalMaxPooling1D() {
        super(1, true);
    }

    @Override
    public List<String> aliases() {
        return List.of("GlobalMaxPool1D");
    }
}
