package dev.athanor.core.training;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.athanor.core.Internal;
import dev.athanor.core.Model;
import dev.athanor.core.Seeds;
import dev.athanor.core.data.Batch;
import dev.athanor.core.data.Dataset;
import dev.athanor.core.data.DatasetException;

/**
 * Walks a {@link Dataset} epoch by epoch as Keras's {@code EpochIterator} does: a pass over the data per
 * epoch, or, with {@code stepsPerEpoch}, that many batches per epoch continuing where the previous epoch
 * stopped; batch order shuffled per pass when asked; each batch checked against the model, failures
 * reported with the batch index. With {@link Dataset#workers()} above 1, a {@link Prefetcher} reads the
 * epoch's batches ahead on background threads; {@link #close()} (or the end of the epoch) stops them.
 */
@Internal
public final class BatchCursor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchCursor.class);

    private final Model model;
    private final Dataset data;
    private final int stepsPerEpoch;
    private final Long orderSeed;
    private final boolean targets;
    private int length;
    private int position;
    private int step;
    private int[] order;
    private int epochStart;
    private int planned;
    private Prefetcher prefetch;

    /**
     * @param stepsPerEpoch batches per epoch, or 0 for one pass over the data
     * @param orderSeed seed of the per-pass batch order, or null to read batches in index order
     * @param targets whether batches must carry targets for the model's outputs (false for predict)
     */
    public BatchCursor(Model model, Dataset data, int stepsPerEpoch, Long orderSeed, boolean targets) {
        if (stepsPerEpoch < 0) {
            throw new IllegalArgumentException("stepsPerEpoch must be >= 0. Received: " + stepsPerEpoch);
        }
        this.model = model;
        this.data = data;
        this.stepsPerEpoch = stepsPerEpoch;
        this.orderSeed = data.randomAccess() && data.length() != Dataset.UNKNOWN ? orderSeed : null;
        this.targets = targets;
        this.length = data.length();
        if (length == 0) {
            throw new IllegalArgumentException("The dataset is empty (length() is 0); fit needs at least one batch.");
        }
    }

    /**
     * Lets an in-memory dataset read without prefetch gather its shuffled batches straight into a
     * compiled step's memory ({@link ArrayDataset#gatherInto}); other datasets make their own arrays.
     */
    void gatherInto(BatchBuffers b) {
        if (data instanceof ArrayDataset a && data.workers() <= 1) {
            a.gatherInto(b);
        }
    }

    /** Batches per epoch, or {@link Dataset#UNKNOWN} until a stream's first pass has ended. */
    public int steps() {
        return stepsPerEpoch > 0 ? stepsPerEpoch : length;
    }

    /** Starts an epoch: the dataset's hook, then a new pass unless {@code stepsPerEpoch} continues one. */
    public void beginEpoch(int epoch) {
        data.onEpochBegin(epoch);
        step = 0;
        if (stepsPerEpoch == 0 || (length != Dataset.UNKNOWN && position >= length)) {
            position = 0;
        }
        if (position == 0 && orderSeed != null) {
            order = Permutations.of(length, Seeds.forEpoch(orderSeed, epoch, "batch_order"));
        }
        epochStart = position;
        planned = position;
        if (data.workers() > 1) {
            // a sequential source must be read in order, so it gets one thread that still reads ahead
            prefetch = new Prefetcher(data.randomAccess() ? data.workers() : 1, data.maxQueueSize(), this::fetch);
            fill();
        }
    }

    /** Ends an epoch: stops the prefetch workers, then calls the dataset's hook. */
    public void endEpoch() {
        close();
        data.onEpochEnd();
    }

    /** Stops the prefetch workers, if any, and waits for them to end. */
    @Override
    public void close() {
        if (prefetch != null) {
            prefetch.close();
            prefetch = null;
        }
    }

    /** The epoch's next batch, or null when the epoch is over. */
    public Batch next() {
        if (stepsPerEpoch > 0 && step >= stepsPerEpoch) {
            return null;
        }
        if (length != Dataset.UNKNOWN && position >= length) {
            ranOut();
            return null;
        }
        int index = indexAt(position);
        Batch b;
        if (prefetch == null) {
            b = fetch(index);
        } else {
            fill();
            b = prefetch.take(index);
        }
        if (b == null) {
            if (length != Dataset.UNKNOWN) {
                throw new DatasetException(index, "Batch " + index + " of the dataset is null, but its length() is "
                        + length + ". Only a dataset of unknown length may end early by returning null.", null);
            }
            length = position;
            position = 0;
            if (length == 0) {
                throw new DatasetException(0, "The dataset returned no batches (batch(0) was null).", null);
            }
            ranOut();
            return null;
        }
        position++;
        step++;
        return b;
    }

    private int indexAt(int pos) {
        return order == null ? pos : order[pos];
    }

    /** Queues the epoch's next batches for the workers, as far as the queue allows. */
    private void fill() {
        while (prefetch.hasRoom() && (length == Dataset.UNKNOWN || planned < length)
                && (stepsPerEpoch == 0 || planned - epochStart < stepsPerEpoch)) {
            prefetch.submit(indexAt(planned++));
        }
    }

    /** Batch {@code index} from the dataset, checked against the model. */
    Batch fetch(int index) {
        Batch b;
        try {
            b = data.batch(index);
        } catch (DatasetException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DatasetException(index, e);
        }
        if (b == null) {
            return null;
        }
        try {
            DataChecks.check(model, b.inputs(), targets ? b.targets() : null, "x", "y");
            if (b.sampleWeights() != null && b.sampleWeights().length() != b.size()) {
                throw new IllegalArgumentException("its sample weights have " + b.sampleWeights().length()
                        + " entries but its inputs have " + b.size() + " samples.");
            }
        } catch (IllegalArgumentException e) {
            throw new DatasetException(index, "Batch " + index + " of the dataset does not fit model '"
                    + model.name() + "': " + e.getMessage(), e);
        }
        return b;
    }

    private void ranOut() {
        if (stepsPerEpoch > 0 && step < stepsPerEpoch) {
            LOG.warn("Your input ran out of data after " + step + " of "
                    + stepsPerEpoch + " steps; the epoch ends early. Make sure the dataset can generate at least"
                    + " stepsPerEpoch * epochs batches.");
        }
    }
}
