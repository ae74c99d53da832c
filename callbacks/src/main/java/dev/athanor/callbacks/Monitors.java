package dev.athanor.callbacks;

import dev.athanor.core.FitParams;
import java.util.List;
import java.util.Map;

/** Shared checks of {@code monitor} and {@code mode} for the callbacks that watch a log value. */
final class Monitors {

    private Monitors() {
    }

    /** Validates a mode string ("auto", "min" or "max"). */
    static String mode(String owner, String mode) {
        if (!"auto".equals(mode) && !"min".equals(mode) && !"max".equals(mode)) {
            throw new IllegalArgumentException(owner + " mode '" + mode + "' is unknown; use 'auto', 'min' or 'max'.");
        }
        return mode;
    }

    /** Fails unless the fit will log {@code monitor}; the message lists the keys it will log. */
    static void requireKey(String owner, String what, String key, List<String> keys) {
        if (!keys.contains(key)) {
            String hint = "";
            if (key.startsWith("val_") && keys.stream().noneMatch(k -> k.startsWith("val_"))) {
                hint = " (val_* keys exist only when fit has validationData or validationSplit)";
            }
            throw new IllegalArgumentException(owner + ": " + what + " '" + key + "' will not be in the logs of this fit"
                    + hint + ". The fit will log: " + String.join(", ", keys) + ".");
        }
    }

    /**
     * Whether larger is better for {@code monitor}: "max" true, "min" false, "auto" the metric's
     * declared direction (FitParams.isHigherBetter), min when the direction is unknown.
     */
    static boolean higherIsBetter(String mode, String monitor, FitParams params) {
        if ("max".equals(mode)) {
            return true;
        }
        if ("min".equals(mode)) {
            return false;
        }
        Boolean dir = params == null ? null : params.isHigherBetter(monitor);
        return dir != null && dir;
    }

    // ------------------------------------------------------------------ saved state values

    /** A double as a JSON value: infinities (a best before any epoch) as "inf" / "-inf", which JSON lacks. */
    static Object toJson(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Double.isNaN(v) ? "nan" : (Object) v;
    }

    /** The inverse of {@link #toJson(double)}. */
    static double fromJson(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        return switch (String.valueOf(v)) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> throw new IllegalArgumentException("A saved callback state holds " + v + " where a number was"
                    + " expected.");
        };
    }

    /** An integer entry of a saved state, 0 when absent. */
    static int intOf(Map<String, Object> state, String key) {
        return state.get(key) instanceof Number n ? n.intValue() : 0;
    }

    /** The last epoch (0-based) a saved state has seen, -1 when it has none. */
    static int epochOf(Map<String, Object> state) {
        return state.get("epoch") instanceof Number n ? n.intValue() : -1;
    }
}
