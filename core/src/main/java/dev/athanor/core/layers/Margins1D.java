package dev.athanor.core.layers;

import java.util.List;

/**
 * The {@code (before, after)} amounts of ZeroPadding1D and Cropping1D, from Keras's two spellings:
 * one integer for both ends, or a pair.
 */
record Margins1D(int before, int after) {

    Margins1D {
        if (before < 0 || after < 0) {
            throw new IllegalArgumentException("Padding and cropping amounts must be non-negative. Received: ("
                    + before + ", " + after + ")");
        }
    }

    /** Parses an Integer or a list of two integers. */
    static Margins1D parse(String key, Object spec) {
        if (spec instanceof Number n) {
            return new Margins1D(n.intValue(), n.intValue());
        }
        if (spec instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b) {
            return new Margins1D(a.intValue(), b.intValue());
        }
        throw new IllegalArgumentException("The `" + key + "` argument must be an int or a tuple of 2 integers."
                + " Received: " + key + "=" + spec);
    }

    /** Keras's config form {@code [before, after]}. */
    List<Integer> toList() {
        return List.of(before, after);
    }
}
