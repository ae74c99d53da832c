package dev.athanor.core.constraints;

import dev.athanor.core.Config;
import java.util.ArrayList;
import java.util.List;

/** Keras's constraint {@code axis}: an int or a list of ints, kept as given for the config. */
final class Axes {

    private Axes() {
    }

    /** Reads {@code axis} (int or list of ints). */
    static Object read(Config config, int dflt) {
        Object v = config.get("axis");
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                if (!(o instanceof Number n)) {
                    throw new IllegalArgumentException("Config key 'axis' of " + config.owner()
                            + " must be an integer or a list of integers. Received: axis=" + v);
                }
                out.add(n.intValue());
            }
            return out;
        }
        throw new IllegalArgumentException("Config key 'axis' of " + config.owner()
                + " must be an integer or a list of integers. Received: axis=" + v);
    }

    /** Resolves the axes against a rank (negative axes count from the end). */
    static int[] resolve(Object axis, int rank) {
        List<?> list = axis instanceof List<?> l ? l : List.of(axis);
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dev.athanor.core.Shapes.axis(((Number) list.get(i)).intValue(), rank);
        }
        return out;
    }
}
