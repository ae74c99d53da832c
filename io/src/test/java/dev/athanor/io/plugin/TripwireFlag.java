package dev.athanor.io.plugin;

/** Set when {@link Tripwire}'s static initializer runs. */
public final class TripwireFlag {

    /** Whether {@link Tripwire} was initialized. */
    public static volatile boolean tripped;

    private TripwireFlag() {
    }
}
