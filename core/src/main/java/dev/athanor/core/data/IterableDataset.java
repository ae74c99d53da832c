package dev.athanor.core.data;

import java.util.Iterator;
import java.util.Objects;

/**
 * A {@link Dataset} over an {@link Iterable} of batches: unknown length, sequential. Batch 0 starts a new
 * pass by calling {@code iterator()}; asking again for the batch just returned gives it again (so the
 * first batch can be looked at before training without losing it).
 */
public final class IterableDataset implements Dataset {

    private final Iterable<Batch> batches;
    private Iterator<Batch> it;
    private int next;
    private Batch last;

    /** A dataset reading {@code batches} in order. */
    public IterableDataset(Iterable<Batch> batches) {
        this.batches = Objects.requireNonNull(batches, "batches");
    }

    @Override
    public int length() {
        return UNKNOWN;
    }

    @Override
    public boolean randomAccess() {
        return false;
    }

    @Override
    public synchronized Batch batch(int index) {
        if (index == next - 1 && last != null) {
            return last;
        }
        if (index == 0) {
            it = batches.iterator();
            next = 0;
        } else if (index != next) {
            throw new IllegalStateException("A stream of batches is read in order: batch " + index
                    + " was requested but the next one is " + next + ".");
        }
        last = it.hasNext() ? it.next() : null;
        next = index + 1;
        return last;
    }
}
