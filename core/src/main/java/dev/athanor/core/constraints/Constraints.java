package dev.athanor.core.constraints;

import dev.athanor.core.Constraint;
import dev.athanor.core.registry.ComponentRegistry;
import dev.athanor.core.registry.Registries;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code constraints.get} / {@code serialize}: a constraint from a name ({@code "max_norm"},
 * {@code "MaxNorm"}), a Keras 2 JSON map {@code {"class_name": "MaxNorm", "config": {...}}}, or a
 * Constraint object.
 */
public final class Constraints {

    private Constraints() {
    }

    /** Resolves through the default registries. Null stays null. */
    public static Constraint get(Object spec) {
        return get(spec, Registries.defaults().constraints());
    }

    /** Resolves through {@code registry}. Null stays null. */
    @SuppressWarnings("unchecked")
    public static Constraint get(Object spec, ComponentRegistry<Constraint> registry) {
        if (spec == null || spec instanceof Constraint) {
            return (Constraint) spec;
        }
        if (spec instanceof String name) {
            return registry.create(name);
        }
        if (spec instanceof Map<?, ?> map) {
            Object cn = map.get("class_name");
            if (!(cn instanceof String s)) {
                throw new IllegalArgumentException("A serialized constraint needs a string 'class_name'. Received: "
                        + map);
            }
            for (Object k : map.keySet()) {
                if (!"class_name".equals(k) && !"config".equals(k)) {
                    throw new IllegalArgumentException("Unknown key '" + k + "' in a serialized constraint;"
                            + " expected 'class_name' and 'config'. Received: " + map);
                }
            }
            Object c = map.get("config");
            if (c != null && !(c instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("The 'config' of a serialized constraint must be an object."
                        + " Received: " + c);
            }
            return registry.create(s, c == null ? Map.of() : (Map<String, Object>) c);
        }
        throw new IllegalArgumentException("Could not interpret constraint identifier: " + spec
                + " (expected a name, a {\"class_name\", \"config\"} map or a Constraint).");
    }

    /** The Keras 2 JSON form, or null for null. */
    public static Map<String, Object> serialize(Constraint constraint) {
        if (constraint == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", constraint.registryName());
        m.put("config", constraint.config());
        return m;
    }
}
