package dev.athanor.core.layers;

import dev.athanor.core.Config;

/** Reads Keras's {@code groups} key (tf.keras 2.3+ writes it); grouped convolutions are not supported. */
final class ConvGroups {

    private ConvGroups() {
    }

    static void requireOne(Config c, String layer) {
        int groups = c.getInt("groups", 1);
        if (groups != 1) {
            throw new IllegalArgumentException(layer + " supports only groups=1 (an ordinary convolution). Received:"
                    + " groups=" + groups + ". Split the channels and use one layer per group instead.");
        }
    }
}
