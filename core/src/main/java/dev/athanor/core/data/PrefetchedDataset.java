package dev.athanor.core.data;

import java.util.Objects;

/** A dataset with its own {@link #workers()} and {@link #maxQueueSize()}; everything else is delegated. */
public final class PrefetchedDataset implements Dataset {

    private final Dataset data;
    private final int workers;
    private final int maxQueueSize;

    /** {@code data} read by {@code workers} threads, at most {@code maxQueueSize} batches ahead. */
    public PrefetchedDataset(Dataset data, int workers, int maxQueueSize) {
        this.data = Objects.requireNonNull(data, "data");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1. Received: workers=" + workers);
        }
        if (maxQueueSize < 1) {
            throw new IllegalArgumentException("maxQueueSize must be >= 1. Received: maxQueueSize=" + maxQueueSize);
        }
        this.workers = workers;
        this.maxQueueSize = maxQueueSize;
    }

    @Override
    public int length() {
        return data.length();
    }

    @Override
    public Batch batch(int index) {
        return data.batch(index);
    }

    @Override
    public void onEpochBegin(int epoch) {
        data.onEpochBegin(epoch);
    }

    @Override
    public void onEpochEnd() {
        data.onEpochEnd();
    }

    @Override
    public boolean randomAccess() {
        return data.randomAccess();
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public int maxQueueSize() {
        return maxQueueSize;
    }
}
