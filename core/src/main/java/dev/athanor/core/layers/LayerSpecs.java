package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Constraint;
import dev.athanor.core.Initializer;
import dev.athanor.core.Regularizer;
import dev.athanor.core.constraints.Constraints;
import dev.athanor.core.initializers.Initializers;
import dev.athanor.core.regularizers.Regularizers;

/**
 * Reads the initializer / regularizer / constraint entries of layer configs (Keras 2 JSON form or
 * names), through the registries reading the config (so plugin components resolve).
 */
final class LayerSpecs {

    private LayerSpecs() {
    }

    static Initializer initializer(Config c, String key, Initializer dflt) {
        Object v = c.get(key);
        return v == null ? dflt : Initializers.get(v, c.registries().initializers());
    }

    static Regularizer regularizer(Config c, String key) {
        return Regularizers.get(c.get(key), c.registries().regularizers());
    }

    static Constraint constraint(Config c, String key) {
        return Constraints.get(c.get(key), c.registries().constraints());
    }

    static String activationName(Config c, String key) {
        Object v = c.get(key);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new IllegalArgumentException("Config key '" + key + "' of " + c.owner()
                + " must be an activation name. Received: " + key + "=" + v);
    }
}
