package dev.athanor.losses;

import dev.athanor.core.Loss;
import dev.athanor.core.registry.Registries;
import java.util.Map;
import java.util.SortedSet;

/**
 * Losses by name, as Keras's {@code keras.losses.get}: every Keras function name, alias and
 * class name resolves ({@code "mse"}, {@code "mean_squared_error"}, {@code "MeanSquaredError"},
 * {@code "kld"}, {@code "CategoricalCrossentropy"}, ...). Resolution goes through core's loss
 * registry, so plugin losses resolve too; an unknown name fails with the known names and the
 * closest match.
 */
public final class Losses {

    private Losses() {
    }

    /** A new loss with Keras's defaults. */
    public static Loss get(String name) {
        return Registries.defaults().losses().create(name);
    }

    /** A new loss configured with Keras's config keys, e.g. {@code {"from_logits": true}}. */
    public static Loss get(String name, Map<String, ?> config) {
        return Registries.defaults().losses().create(name, config);
    }

    /** Every loss name and alias known to the registry, sorted. */
    public static SortedSet<String> names() {
        return Registries.defaults().losses().names();
    }
}
