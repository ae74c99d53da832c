package dev.athanor.core.regularizers;

import dev.athanor.core.Regularizer;
import dev.athanor.core.registry.ComponentRegistry;
import dev.athanor.core.registry.Registries;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code regularizers.get} / {@code serialize}: a regularizer from a name ({@code "l2"},
 * {@code "L2"}), a Keras 2 JSON map {@code {"class_name": "L2", "config": {"l2": 0.01}}}, or a
 * Regularizer object. The bare name {@code "l1_l2"} gives {@code L1L2(0.01, 0.01)}, as Keras's
 * function {@code l1_l2()}.
 */
public final class Regularizers {

    private Regularizers() {
    }

    /** Resolves through the default registries. Null stays null. */
    public static Regularizer get(Object spec) {
        return get(spec, Registries.defaults().regularizers());
    }

    /** Resolves through {@code registry}. Null stays null. */
    @SuppressWarnings("unchecked")
    public static Regularizer get(Object spec, ComponentRegistry<Regularizer> registry) {
        if (spec == null || spec instanceof Regularizer) {
            return (Regularizer) spec;
        }
        if (spec instanceof String name) {
            if (name.equals("l1_l2")) {
                return new L1L2(0.01, 0.01);
            }
            return registry.create(name);
        }
        if (spec instanceof Map<?, ?> map) {
            Object cn = map.get("class_name");
            if (!(cn instanceof String s)) {
                throw new IllegalArgumentException("A serialized regularizer needs a string 'class_name'. Received: "
                        + map);
            }
            for (Object k : map.keySet()) {
                if (!"class_name".equals(k) && !"config".equals(k)) {
                    throw new IllegalArgumentException("Unknown key '" + k + "' in a serialized regularizer;"
                            + " expected 'class_name' and 'config'. Received: " + map);
                }
            }
            Object c = map.get("config");
            if (c != null && !(c instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("The 'config' of a serialized regularizer must be an object."
                        + " Received: " + c);
            }
            return registry.create(s, c == null ? Map.of() : (Map<String, Object>) c);
        }
        throw new IllegalArgumentException("Could not interpret regularizer identifier: " + spec
                + " (expected a name, a {\"class_name\", \"config\"} map or a Regularizer).");
    }

    /** The Keras 2 JSON form, or null for null. */
    public static Map<String, Object> serialize(Regularizer regularizer) {
        if (regularizer == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", regularizer.registryName());
        m.put("config", regularizer.config());
        return m;
    }
}
