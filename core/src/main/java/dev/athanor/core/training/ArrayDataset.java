package dev.athanor.core.training;

import dev.athanor.core.Internal;
import dev.athanor.core.Seeds;
import dev.athanor.core.data.Batch;
import dev.athanor.core.data.Dataset;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * In-memory arrays as a {@link Dataset}: consecutive row ranges, or, when shuffling, rows drawn through a
 * permutation from {@code (seed, epoch)}; how {@code fit(x, y)} feeds the one training loop.
 */
@Internal
public final class ArrayDataset implements Dataset {

    private final List<INDArray> xs;
    private final List<INDArray> ys;
    private final INDArray weights;
    private final int batchSize;
    private final int n;
    private final Long shuffleSeed;
    private int[] order;

    /**
     * @param weights per-sample weights or null
     * @param shuffleSeed the seed the per-epoch row order is drawn from, or null to keep the rows in order
     */
    public ArrayDataset(List<INDArray> xs, List<INDArray> ys, INDArray weights, int batchSize, Long shuffleSeed) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0. Received: batchSize=" + batchSize);
        }
        this.xs = xs;
        this.ys = ys;
        this.weights = weights;
        this.batchSize = batchSize;
        this.n = Math.toIntExact(xs.get(0).size(0));
        this.shuffleSeed = shuffleSeed;
    }

    /** The number of samples. */
    public int samples() {
        return n;
    }

    @Override
    public int length() {
        return (n + batchSize - 1) / batchSize;
    }

    @Override
    public void onEpochBegin(int epoch) {
        if (shuffleSeed != null) {
            order = Permutations.of(n, Seeds.forEpoch(shuffleSeed, epoch, "shuffle"));
        }
    }

    @Override
    public Batch batch(int index) {
        int from = index * batchSize;
        int to = Math.min(n, from + batchSize);
        if (order == null) {
            return new Batch(Batches.range(xs, from, to), Batches.range(ys, from, to),
                    weights == null ? null : Batches.range(weights, from, to));
        }
        int[] idx = Batches.slice(order, from, to);
        return new Batch(Batches.rows(xs, idx), Batches.rows(ys, idx), weights == null ? null : Batches.rows(weights, idx));
    }
}
