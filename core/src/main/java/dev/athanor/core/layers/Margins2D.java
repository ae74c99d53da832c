package dev.athanor.core.layers;

import java.util.List;

/**
 * The {@code ((top, bottom), (left, right))} amounts of ZeroPadding2D and Cropping2D, from Keras's
 * three spellings: one integer for all four, {@code (rows, cols)} symmetric per axis, or the full pairs.
 */
record Margins2D(int top, int bottom, int left, int right) {

    Margins2D {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("Padding and cropping amounts must be non-negative. Received: (("
                    + top + ", " + bottom + "), (" + left + ", " + right + "))");
        }
    }

    /** Parses an Integer, a list of two integers, or a list of two lists of two integers. */
    static Margins2D parse(String key, Object spec) {
        if (spec instanceof Number n) {
            int v = n.intValue();
            return new Margins2D(v, v, v, v);
        }
        if (spec instanceof List<?> l && l.size() == 2) {
            if (l.get(0) instanceof Number a && l.get(1) instanceof Number b) {
                return new Margins2D(a.intValue(), a.intValue(), b.intValue(), b.intValue());
            }
            if (l.get(0) instanceof List<?> h && l.get(1) instanceof List<?> w && h.size() == 2 && w.size() == 2
                    && h.stream().allMatch(o -> o instanceof Number) && w.stream().allMatch(o -> o instanceof Number)) {
                return new Margins2D(((Number) h.get(0)).intValue(), ((Number) h.get(1)).intValue(),
                        ((Number) w.get(0)).intValue(), ((Number) w.get(1)).intValue());
            }
        }
        throw new IllegalArgumentException("`" + key + "` should be either an int, a tuple of 2 ints"
                + " (symmetric_height, symmetric_width), or a tuple of 2 tuples of 2 ints"
                + " ((top, bottom), (left, right)). Received: " + key + "=" + spec);
    }

    /** Keras's config form {@code [[top, bottom], [left, right]]}. */
    List<List<Integer>> toList() {
        return List.of(List.of(top, bottom), List.of(left, right));
    }
}
