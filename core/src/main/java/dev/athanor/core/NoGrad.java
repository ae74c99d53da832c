package dev.athanor.core;

/**
 * A scope in which ops record nothing for backward: inference and metric computation.
 *
 * <pre>{@code try (NoGrad scope = NoGrad.open()) { ... } }</pre>
 *
 * <p>The scope is per thread, so concurrent {@code predict} calls do not disturb a training thread.
 */
public final class NoGrad implements AutoCloseable {

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private boolean closed;

    private NoGrad() {
        DEPTH.get()[0]++;
    }

    /** Opens a scope; close it (try-with-resources) to resume recording. */
    public static NoGrad open() {
        return new NoGrad();
    }

    /** Whether a scope is open on this thread. */
    public static boolean active() {
        return DEPTH.get()[0] > 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            DEPTH.get()[0]--;
        }
    }
}
