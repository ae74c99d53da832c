package dev.athanor.core.data;

/**
 * A source of batches, Keras 3's {@code PyDataset} in Java: a length in batches (or {@link #UNKNOWN} for
 * streams), random access to batch {@code i}, and epoch hooks. {@code fit}, {@code evaluate} and
 * {@code predict} take one; arrays go through the same path.
 *
 * <p>{@code fit} asks for batches {@code 0 .. length()-1} each epoch (in a shuffled order when its
 * {@code shuffle} option is on, as Keras shuffles a {@code PyDataset}'s batch order); a source with unknown
 * length is read from 0 until {@link #batch(int)} returns null, or for {@code stepsPerEpoch} batches per
 * epoch. Several batches may be requested concurrently when {@link #workers()} is above 1, so
 * {@code batch} must then be thread-safe; the order in which batches reach the model never depends on the
 * thread count.
 */
public interface Dataset {

    /** The length of a dataset whose number of batches is not known in advance. */
    int UNKNOWN = -1;

    /** The number of batches per pass, or {@link #UNKNOWN}. */
    int length();

    /**
     * Batch {@code index}. A dataset of unknown length returns null once it has no more batches; a
     * dataset of known length must return a batch for every index below {@link #length()}.
     */
    Batch batch(int index);

    /** Called before each epoch's first batch; sources that shuffle draw their epoch's order here. */
    default void onEpochBegin(int epoch) {
    }

    /** Called after each epoch's last batch, as Keras's {@code on_epoch_end}. */
    default void onEpochEnd() {
    }

    /**
     * Whether {@link #batch(int)} accepts any index in any order. A sequential source (a stream) returns
     * false: it is asked for its batches in order, starting from 0, once per pass, and never shuffled.
     */
    default boolean randomAccess() {
        return true;
    }

    /**
     * Threads preparing batches ahead of the model, as Keras's {@code PyDataset(workers=)}: 1 (the default)
     * reads each batch on the training thread when it is needed; above 1, a pool of that many threads
     * fetches up to {@link #maxQueueSize()} batches ahead (one thread for a sequential source).
     */
    default int workers() {
        return 1;
    }

    /** How many batches may be prepared ahead when {@link #workers()} is above 1 (Keras's max_queue_size). */
    default int maxQueueSize() {
        return 10;
    }

    /** This dataset read by {@code workers} background threads, up to {@code maxQueueSize} batches ahead. */
    default Dataset prefetch(int workers, int maxQueueSize) {
        return new PrefetchedDataset(this, workers, maxQueueSize);
    }

    /** A dataset over a stream of batches, read in order; each pass calls {@code batches.iterator()} again. */
    static Dataset fromIterable(Iterable<Batch> batches) {
        return new IterableDataset(batches);
    }
}
