package dev.athanor.core;

import java.util.Random;

/**
 * The generator that random layers (Dropout, noise, VAE sampling) draw from during a training step:
 * set by the fit loop per epoch from (seed, epoch), so runs are reproducible and a run resumed at
 * epoch k draws what the uninterrupted run drew. Per thread.
 */
public final class TrainingRandom implements AutoCloseable {

    private static final ThreadLocal<Random> CURRENT = new ThreadLocal<>();

    private final Random previous;

    private TrainingRandom(Random r) {
        previous = CURRENT.get();
        CURRENT.set(r);
    }

    /** Makes {@code r} the current generator on this thread until closed. */
    public static TrainingRandom use(Random r) {
        return new TrainingRandom(r);
    }

    /**
     * The current generator; outside a fit, one derived from the global seed and {@code key} (e.g.
     * the layer name) so that direct calls are reproducible too.
     */
    public static Random current(String key) {
        Random r = CURRENT.get();
        return r != null ? r : new Random(Seeds.mix(Seeds.get(), key));
    }

    /** The generator of the open scope on this thread, or null when none is open. */
    public static Random currentOrNull() {
        return CURRENT.get();
    }

    @Override
    public void close() {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
