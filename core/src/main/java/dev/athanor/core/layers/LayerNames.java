package dev.athanor.core.layers;

import java.util.HashMap;
import java.util.Map;

/** Keras's automatic layer names: "dense", "dense_1", "dense_2", ... per prefix. */
public final class LayerNames {

    private static final Map<String, Integer> COUNTS = new HashMap<>();

    private LayerNames() {
    }

    /** The next unused name for a prefix. */
    public static synchronized String unique(String prefix) {
        int n = COUNTS.merge(prefix, 1, Integer::sum) - 1;
        return n == 0 ? prefix : prefix + "_" + n;
    }

    /** Forgets every counter, as Keras's {@code clear_session()}. */
    public static synchronized void reset() {
        COUNTS.clear();
    }

    /** "BatchNormalization" to "batch_normalization", as Keras's {@code to_snake_case}. */
    public static String snakeCase(String className) {
        String s = className.replaceAll("(.)([A-Z][a-z0-9]+)", "$1_$2").replaceAll("([a-z])([A-Z])", "$1_$2");
        return s.toLowerCase();
    }
}
