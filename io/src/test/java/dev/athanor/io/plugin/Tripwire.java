package dev.athanor.io.plugin;

/**
 * A class no file may cause to be loaded: its static initializer records that it ran. The
 * Keras 3 fuzz test names it as a layer, loss and optimizer class in {@code config.json} and then
 * checks {@link TripwireFlag} (reading a field of this class would initialize it).
 */
public final class Tripwire {

    static {
        TripwireFlag.tripped = true;
    }

    private Tripwire() {
    }
}
