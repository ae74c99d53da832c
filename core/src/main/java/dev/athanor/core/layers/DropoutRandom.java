package dev.athanor.core.layers;

import java.util.Random;

/**
 * The generator that {@link Dropout} (and any other layer drawing random masks) uses on this
 * thread, opened by the training loop around each training batch:
 *
 * <pre>{@code
 * Random epochRandom = Seeds.forEpoch(fitSeed, epoch, "dropout");   // once per epoch
 * for (batch : batches) {
 *     try (DropoutRandom scope = DropoutRandom.use(epochRandom)) {
 *         ... forward (training = true), backward, optimizer step ...
 *     }
 * }
 * }</pre>
 *
 * Masks are then a function of (seed, epoch, batch order), so a run resumed at epoch k draws what
 * the uninterrupted run drew. Layers take draws in call order, which a model's forward pass fixes.
 * Scopes nest (closing restores the outer one) and are per thread. When no scope is open, each
 * Dropout layer falls back to its own generator seeded from {@code Seeds.get()} (or its
 * {@code seed}) and its name.
 */
public final class DropoutRandom implements AutoCloseable {

    private static final ThreadLocal<DropoutRandom> CURRENT = new ThreadLocal<>();

    private final Random random;
    private final DropoutRandom outer;
    private final Thread owner;

    private DropoutRandom(Random random) {
        this.random = random;
        this.outer = CURRENT.get();
        this.owner = Thread.currentThread();
        CURRENT.set(this);
    }

    /** Makes {@code random} the dropout generator on this thread until {@link #close()}. */
    public static DropoutRandom use(Random random) {
        if (random == null) {
            throw new IllegalArgumentException("DropoutRandom.use needs a generator. Received: random=null");
        }
        return new DropoutRandom(random);
    }

    /** The generator of the innermost open scope on this thread, or null when none is open. */
    public static Random current() {
        DropoutRandom c = CURRENT.get();
        return c == null ? null : c.random;
    }

    /** Whether a scope is open on this thread. */
    public static boolean isOpen() {
        return CURRENT.get() != null;
    }

    /** The generator of this scope. */
    public Random random() {
        return random;
    }

    /** Restores the enclosing scope (or none). Must be called on the opening thread. */
    @Override
    public void close() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("A DropoutRandom scope must be closed on the thread that opened it.");
        }
        if (CURRENT.get() != this) {
            throw new IllegalStateException("DropoutRandom scopes must be closed innermost first.");
        }
        if (outer == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(outer);
        }
    }
}
