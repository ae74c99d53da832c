package dev.athanor.core.initializers;

import dev.athanor.core.Initializer;
import dev.athanor.core.registry.ComponentRegistry;
import dev.athanor.core.registry.Registries;
import dev.athanor.core.registry.UnknownComponentException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code initializers.get} / {@code serialize}: an initializer from a name
 * ({@code "glorot_uniform"} or {@code "GlorotUniform"}), a Keras 2 JSON map
 * {@code {"class_name": "GlorotUniform", "config": {"seed": null}}}, or an Initializer object.
 */
public final class Initializers {

    private Initializers() {
    }

    /** Resolves through the default registries. Null stays null. */
    public static Initializer get(Object spec) {
        return get(spec, Registries.defaults().initializers());
    }

    /** Resolves through {@code registry}. Null stays null. */
    public static Initializer get(Object spec, ComponentRegistry<Initializer> registry) {
        if (spec == null || spec instanceof Initializer) {
            return (Initializer) spec;
        }
        try {
            if (spec instanceof String name) {
                return registry.create(name);
            }
            if (spec instanceof Map<?, ?> map) {
                return registry.create(className(map, "initializer"), configOf(map, "initializer"));
            }
        } catch (UnknownComponentException e) {
            // inside a model-file load whose weights replace every initial value (see UnresolvedInitializer)
            return UnresolvedInitializer.orRethrow(e.name(),
                    spec instanceof Map<?, ?> map ? configOf(map, "initializer") : Map.of(), e);
        }
        throw new IllegalArgumentException("Could not interpret initializer identifier: " + spec
                + " (expected a name, a {\"class_name\", \"config\"} map or an Initializer).");
    }

    /** The Keras 2 JSON form {@code {"class_name": ..., "config": {...}}}, or null for null. */
    public static Map<String, Object> serialize(Initializer initializer) {
        if (initializer == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", initializer.registryName());
        m.put("config", initializer.config());
        return m;
    }

    static String className(Map<?, ?> map, String kind) {
        Object cn = map.get("class_name");
        if (!(cn instanceof String s)) {
            throw new IllegalArgumentException("A serialized " + kind + " needs a string 'class_name'. Received: "
                    + map);
        }
        for (Object k : map.keySet()) {
            if (!"class_name".equals(k) && !"config".equals(k)) {
                throw new IllegalArgumentException("Unknown key '" + k + "' in a serialized " + kind
                        + "; expected 'class_name' and 'config'. Received: " + map);
            }
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> configOf(Map<?, ?> map, String kind) {
        Object c = map.get("config");
        if (c == null) {
            return Map.of();
        }
        if (!(c instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("The 'config' of a serialized " + kind + " must be an object. Received: "
                    + c);
        }
        return (Map<String, Object>) c;
    }
}
