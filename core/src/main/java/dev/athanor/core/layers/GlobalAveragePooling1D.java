package dev.athanor.core.layers;

import java.util.List;

/**
 * Keras's {@code GlobalAveragePooling1D(data_format="channels_last", keepdims=False)} (Keras 2.6): the mean over
 * all steps of a [batch, steps, channels] input (channels_first accepted), per channel. See {@link GlobalPooling}.
 */
public class GlobalAveragePooling1D extends GlobalPooling<GlobalAveragePooling1D> {

    /** Keras's defaults. */
    public GlobalAveragePooling1D() {
        super(1, false);
    }

    @Override
    public List<String> aliases() {
        return List.of("GlobalAvgPool1D");
    }
}
