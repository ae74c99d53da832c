package dev.athanor.spark;

import java.io.Serializable;
import org.apache.spark.Partitioner;

/**
 * Which worker trains on which row. Rows are numbered in the data's order; global batch {@code b}
 * is rows {@code [b G, (b+1) G)} with {@code G = workers x perWorker}, and worker {@code r} gets
 * its {@code r}-th contiguous part (the last, shorter batch is split as evenly as possible). Without
 * shuffling, a step of N workers therefore sees exactly the batch single-node training with batch
 * size G sees. A last batch smaller than the number of workers is dropped (and logged), since a
 * worker without rows cannot take part in the step.
 *
 * <p>As a {@link Partitioner} it sends row index {@code i} to partition {@link #worker(long)}.
 */
final class GlobalBatches extends Partitioner implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long rows;
    private final int workers;
    private final int perWorker;

    GlobalBatches(long rows, int workers, int perWorker) {
        this.rows = rows;
        this.workers = workers;
        this.perWorker = perWorker;
    }

    long globalBatch() {
        return (long) workers * perWorker;
    }

    int fullSteps() {
        return Math.toIntExact(rows / globalBatch());
    }

    /** Rows in the last, shorter batch (0 when the rows divide evenly). */
    int tailRows() {
        return (int) (rows - fullSteps() * globalBatch());
    }

    /** Whether the tail batch is trained (it needs at least one row per worker). */
    boolean tailTrained() {
        return tailRows() >= workers;
    }

    int steps() {
        return fullSteps() + (tailTrained() ? 1 : 0);
    }

    /** Rows trained per epoch. */
    long trainedRows() {
        return fullSteps() * globalBatch() + (tailTrained() ? tailRows() : 0);
    }

    /** Rows worker {@code rank} trains on in step {@code step}. */
    int rowsOf(int rank, int step) {
        if (step < fullSteps()) {
            return perWorker;
        }
        int m = tailRows();
        return m / workers + (rank < m % workers ? 1 : 0);
    }

    /** Rows of the whole global batch of {@code step}. */
    int globalRows(int step) {
        return step < fullSteps() ? (int) globalBatch() : tailRows();
    }

    /** The worker of row {@code index}; rows of a dropped tail go to the last worker, which ignores them. */
    int worker(long index) {
        long step = index / globalBatch();
        int offset = (int) (index - step * globalBatch());
        if (step < fullSteps()) {
            return offset / perWorker;
        }
        if (!tailTrained()) {
            return workers - 1;
        }
        int m = tailRows();
        int start = 0;
        for (int r = 0; r < workers; r++) {
            int size = m / workers + (r < m % workers ? 1 : 0);
            if (offset < start + size) {
                return r;
            }
            start += size;
        }
        throw new IllegalArgumentException("Row " + index + " is outside the " + rows + " rows.");
    }

    @Override
    public int numPartitions() {
        return workers;
    }

    @Override
    public int getPartition(Object key) {
        return worker((Long) key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GlobalBatches g && g.rows == rows && g.workers == workers && g.perWorker == perWorker;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(rows) * 31 * 31 + workers * 31 + perWorker;
    }
}
