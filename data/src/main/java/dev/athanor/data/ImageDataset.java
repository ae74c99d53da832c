package dev.athanor.data;

import dev.athanor.core.Seeds;
import dev.athanor.core.data.Batch;
import dev.athanor.core.data.Dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Images and their labels as batches of {@code [batch, height, width, channels]} float32 pixel values in
 * {@code [0, 255]} (Keras's layout; rescale in the model), made by
 * {@link ImageDatasets#imageDatasetFromDirectory}. Files are decoded when their batch is asked for, so the
 * folder may be larger than memory; with shuffling, the sample order is drawn per epoch from
 * {@code (seed, epoch)}. Thread-safe: prefetch workers may decode batches in parallel.
 */
public final class ImageDataset implements Dataset {

    private final Path root;
    private final List<String> files;
    private final int[] labels;
    private final List<String> classNames;
    private final ImageDatasetOptions o;
    private final long seed;
    private volatile int[] order;

    ImageDataset(Path root, List<String> files, int[] labels, List<String> classNames, ImageDatasetOptions o,
                 long seed) {
        this.root = root;
        this.files = List.copyOf(files);
        this.labels = labels;
        this.classNames = classNames == null ? null : List.copyOf(classNames);
        this.o = o;
        this.seed = seed;
    }

    /** The class names, index = label (null when labels are not inferred). */
    public List<String> classNames() {
        return classNames;
    }

    /** The image files in dataset order, relative to the directory with '/' separators (Keras's file_paths). */
    public List<String> filePaths() {
        return files;
    }

    /** The label of each file, in {@link #filePaths()} order (null without labels). */
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    @Override
    public int length() {
        return (files.size() + o.batchSize() - 1) / o.batchSize();
    }

    @Override
    public void onEpochBegin(int epoch) {
        if (o.shuffle()) {
            int n = files.size();
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            Random r = Seeds.forEpoch(seed, epoch, "images");
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            order = p;
        }
    }

    @Override
    public Batch batch(int index) {
        int from = index * o.batchSize();
        int to = Math.min(files.size(), from + o.batchSize());
        if (from >= to || index < 0) {
            throw new IndexOutOfBoundsException("batch " + index + " of " + length());
        }
        int h = o.height();
        int w = o.width();
        int c = o.channels();
        int per = h * w * c;
        float[] x = new float[(to - from) * per];
        int[] order = this.order;
        int[] picked = new int[to - from];
        for (int i = from; i < to; i++) {
            int s = order == null ? i : order[i];
            picked[i - from] = s;
            System.arraycopy(image(s), 0, x, (i - from) * per, per);
        }
        INDArray in = Nd4j.create(x, new long[] {to - from, h, w, c}, 'c');
        if (labels == null) {
            return new Batch(List.of(in), null, null);
        }
        return new Batch(List.of(in), List.of(labels(picked)), null);
    }

    /** One file decoded and resized; a file that cannot be decoded is reported by name. */
    private float[] image(int s) {
        Path file = root.resolve(files.get(s));
        int[] size = new int[2];
        float[] px;
        try {
            px = ImageDecoder.decode(file, o.channels(), size);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot decode image " + file + ": " + e.getMessage(), e);
        }
        return o.interpolation().equals("nearest")
                ? ImageDecoder.resizeNearest(px, size[0], size[1], o.channels(), o.height(), o.width())
                : ImageDecoder.resizeBilinear(px, size[0], size[1], o.channels(), o.height(), o.width());
    }

    private INDArray labels(int[] picked) {
        int n = picked.length;
        switch (o.labelMode()) {
            case "categorical": {
                float[] y = new float[n * classNames.size()];
                for (int i = 0; i < n; i++) {
                    y[i * classNames.size() + labels[picked[i]]] = 1f;
                }
                return Nd4j.create(y, new long[] {n, classNames.size()}, 'c');
            }
            case "binary": {
                float[] y = new float[n];
                for (int i = 0; i < n; i++) {
                    y[i] = labels[picked[i]];
                }
                return Nd4j.create(y, new long[] {n, 1}, 'c');
            }
            default: {
                float[] y = new float[n];
                for (int i = 0; i < n; i++) {
                    y[i] = labels[picked[i]];
                }
                return Nd4j.create(y, new long[] {n}, 'c');
            }
        }
    }
}
