package dev.athanor.callbacks;

import dev.athanor.core.FitParams;
import java.util.List;

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
}
