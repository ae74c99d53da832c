package dev.athanor.optimizers;

/**
 * Hyper-parameter validation with messages that name the argument, the rule and the value:
 * {@code "`momentum` must be in [0, 1]. Received: momentum=-1.0"}.
 */
final class Checks {

    private Checks() {
    }

    private static IllegalArgumentException fail(String name, String rule, Object value) {
        return new IllegalArgumentException("`" + name + "` must be " + rule + ". Received: " + name + "=" + value);
    }

    /** {@code value >= 0} (and not NaN). */
    static double nonNegative(String name, double value) {
        if (!(value >= 0)) {
            throw fail(name, ">= 0", value);
        }
        return value;
    }

    /** Null, or {@code value >= 0}. */
    static Double nonNegativeOrNull(String name, Double value) {
        if (value != null) {
            nonNegative(name, value);
        }
        return value;
    }

    /** {@code value > 0} for a count. */
    static long positive(String name, long value) {
        if (value <= 0) {
            throw fail(name, "> 0", value);
        }
        return value;
    }

    /** {@code value >= 0} for a count. */
    static long nonNegative(String name, long value) {
        if (value < 0) {
            throw fail(name, ">= 0", value);
        }
        return value;
    }

    /** {@code value > 0}. */
    static double positive(String name, double value) {
        if (!(value > 0)) {
            throw fail(name, "> 0", value);
        }
        return value;
    }

    /** {@code 0 <= value <= 1}. */
    static double closedUnit(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw fail(name, "in [0, 1]", value);
        }
        return value;
    }

    /** {@code 0 <= value < 1}. */
    static double halfOpenUnit(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw fail(name, "in [0, 1)", value);
        }
        return value;
    }

    /** {@code 0 < value <= 1}. */
    static double openClosedUnit(String name, double value) {
        if (!(value > 0 && value <= 1)) {
            throw fail(name, "in (0, 1]", value);
        }
        return value;
    }

    /** A finite number. */
    static double finite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw fail(name, "a finite number", value);
        }
        return value;
    }
}
