package dev.athanor.data;

import dev.athanor.core.Seeds;
import dev.athanor.core.data.Batch;
import dev.athanor.core.data.Dataset;
import dev.athanor.io.NpyLayout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Inputs and targets in {@code .npy} files, read by rows in place, so the files may be far larger than
 * the heap. Rows of the two files pair up by index. Without shuffling, batch {@code i} is rows
 * {@code [i·batchSize, (i+1)·batchSize)}. With {@link #shuffle(long)}, each epoch draws from
 * {@code (seed, epoch)}: a permutation of the rows inside each window of {@link #window(int)} consecutive
 * rows (the reads stay within a region of the file, which keeps page-cache locality), then a permutation
 * of the batch order over the whole file. Batches are thread-safe to read, so {@code prefetch} workers
 * may load them in parallel.
 */
public final class NpyDataset implements Dataset, AutoCloseable {

    private final NpyRows x;
    private final NpyRows y;
    private final int batchSize;
    private final int n;
    private Long seed;
    private int window;
    private volatile int[] batchOrder;
    private volatile int epoch;

    private NpyDataset(NpyRows x, NpyRows y, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0. Received: batchSize=" + batchSize);
        }
        if (x.rows() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(x.layout().source() + " has " + x.rows() + " rows; up to "
                    + Integer.MAX_VALUE + " are supported");
        }
        if (y != null && y.rows() != x.rows()) {
            throw new IllegalArgumentException("The .npy files must have the same number of rows: "
                    + x.layout().source() + " has " + x.rows() + ", " + y.layout().source() + " has " + y.rows() + ".");
        }
        if (x.rows() == 0) {
            throw new IllegalArgumentException(x.layout().source() + " has no rows.");
        }
        this.x = x;
        this.y = y;
        this.batchSize = batchSize;
        this.n = (int) x.rows();
        this.window = batchSize * 8;
    }

    /** Inputs from {@code x} and targets from {@code y} (null for inputs only), {@code batchSize} rows a batch. */
    public static NpyDataset of(Path x, Path y, int batchSize) throws IOException {
        NpyRows xs = new NpyRows(NpyLayout.of(x));
        return new NpyDataset(xs, y == null ? null : new NpyRows(NpyLayout.of(y)), batchSize);
    }

    /** Shuffles per epoch from {@code seed}: rows within windows, then the batch order. */
    public NpyDataset shuffle(long value) {
        this.seed = value;
        return this;
    }

    /** Rows per shuffling window (default {@code 8 × batchSize}); 1 keeps rows in file order within batches. */
    public NpyDataset window(int rows) {
        if (rows <= 0) {
            throw new IllegalArgumentException("window must be > 0 rows. Received: window=" + rows);
        }
        this.window = rows;
        return this;
    }

    /** The number of rows. */
    public int rows() {
        return n;
    }

    @Override
    public int length() {
        return (n + batchSize - 1) / batchSize;
    }

    @Override
    public void onEpochBegin(int e) {
        epoch = e;
        if (seed != null) {
            batchOrder = permutation(length(), Seeds.forEpoch(seed, e, "npy_batches"));
        }
    }

    @Override
    public Batch batch(int index) {
        if (index < 0 || index >= length()) {
            throw new IndexOutOfBoundsException("batch " + index + " of " + length());
        }
        int[] order = batchOrder;
        int b = seed == null || order == null ? index : order[index];
        int from = b * batchSize;
        int to = Math.min(n, from + batchSize);
        int[] rows = new int[to - from];
        int[] perm = null;
        int permWindow = -1;
        for (int p = from; p < to; p++) {
            if (seed == null) {
                rows[p - from] = p;
                continue;
            }
            int w = p / window;
            if (w != permWindow) {
                int start = w * window;
                perm = permutation(Math.min(n, start + window) - start, Seeds.forEpoch(seed, epoch, "npy_window" + w));
                permWindow = w;
            }
            rows[p - from] = w * window + perm[p % window];
        }
        INDArray in = x.read(rows);
        return new Batch(List.of(in), y == null ? null : List.of(y.read(rows)), null);
    }

    private static int[] permutation(int size, Random r) {
        int[] p = new int[size];
        for (int i = 0; i < size; i++) {
            p[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Closes the files (mapped pages are released when the maps are collected). */
    @Override
    public void close() {
        x.close();
        if (y != null) {
            y.close();
        }
    }
}
