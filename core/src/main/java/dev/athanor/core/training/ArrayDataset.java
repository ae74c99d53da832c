package dev.athanor.core.training;

import dev.athanor.core.Internal;
import dev.athanor.core.Seeds;
import dev.athanor.core.data.Batch;
import dev.athanor.core.data.Dataset;
import dev.athanor.core.ops.HostBlas;
import java.nio.FloatBuffer;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * In-memory arrays as a {@link Dataset}: consecutive row ranges, or, when shuffling, rows drawn through a
 * permutation from {@code (seed, epoch)}; how {@code fit(x, y)} feeds the one training loop. Consecutive
 * ranges are views of the arrays; shuffled rows are copied into fresh arrays, or, when a compiled step
 * offers its {@link BatchBuffers}, straight into its memory.
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
    /** Where shuffled batches are gathered, or null (fresh arrays per batch). */
    private BatchBuffers buffers;
    private FloatBuffer xRows;
    private FloatBuffer yRows;

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

    /**
     * From now on, gathers shuffled batches into {@code b} (null: back to fresh arrays) when the data
     * are one float32 input and one float32 target laid out as rows of {@code b}'s widths, without
     * sample weights; returns whether it will. A batch's arrays are then valid until the next batch.
     */
    boolean gatherInto(BatchBuffers b) {
        buffers = null;
        if (b == null || shuffleSeed == null || weights != null || xs.size() != 1 || ys == null || ys.size() != 1
                || !rows(xs.get(0), b.inputColumns()) || !rows(ys.get(0), b.targetColumns())) {
            return false;
        }
        xRows = HostBlas.floatRegion(xs.get(0), 0, xs.get(0).length());
        yRows = HostBlas.floatRegion(ys.get(0), 0, ys.get(0).length());
        buffers = b;
        return true;
    }

    /** A float32 {@code [n, cols]} array whose rows lie one after another, addressable through one NIO buffer. */
    private static boolean rows(INDArray a, int cols) {
        return a.dataType() == DataType.FLOAT && a.rank() == 2 && a.size(1) == cols && a.ordering() == 'c'
                && (cols == 1 || a.stride(1) == 1) && (a.size(0) == 1 || a.stride(0) == cols)
                && a.length() <= Integer.MAX_VALUE / Float.BYTES; // one NIO buffer addresses at most 2 GB
    }

    @Override
    public Batch batch(int index) {
        int from = index * batchSize;
        int to = Math.min(n, from + batchSize);
        if (order == null) {
            return new Batch(Batches.range(xs, from, to), Batches.range(ys, from, to),
                    weights == null ? null : Batches.range(weights, from, to));
        }
        if (buffers != null) {
            int rows = to - from;
            INDArray x = buffers.inputRows(rows);
            INDArray y = buffers.targetRows(rows);
            gather(xRows, HostBlas.floatRegion(x, 0, x.length()), buffers.inputColumns(), from, rows);
            gather(yRows, HostBlas.floatRegion(y, 0, y.length()), buffers.targetColumns(), from, rows);
            return Batch.of(x, y);
        }
        int[] idx = Batches.slice(order, from, to);
        return new Batch(Batches.rows(xs, idx), Batches.rows(ys, idx), weights == null ? null : Batches.rows(weights, idx));
    }

    /** Rows {@code order[from .. from + rows)} of {@code src} into the first rows of {@code dst}: one memory copy each. */
    private void gather(FloatBuffer src, FloatBuffer dst, int cols, int from, int rows) {
        for (int r = 0; r < rows; r++) {
            dst.put(r * cols, src, order[from + r] * cols, cols);
        }
    }
}
