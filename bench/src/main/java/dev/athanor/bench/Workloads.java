package dev.athanor.bench;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The workloads' shared shapes and their synthetic data (identical for every system). */
final class Workloads {

    static final int INPUTS = 784;
    static final int HIDDEN1 = 512;
    static final int HIDDEN2 = 256;
    static final int CLASSES = 10;
    static final double LEARNING_RATE = 1e-3;

    /** W5: channels_last images {@code [n, 28, 28, 1]}; Conv2D 32 and 64 filters, 3x3 kernels, 2x2 max pools. */
    static final int IMAGE_SIZE = 28;
    static final int CONV1_FILTERS = 32;
    static final int CONV2_FILTERS = 64;
    static final int KERNEL = 3;
    static final int POOL = 2;
    static final int CONV_BATCH = 128;

    /** W7: the ResNet-style block's filters (images as W5's), batch 64. */
    static final int RES_FILTERS = 16;
    static final int RES_BATCH = 64;

    /** W8: a Transformer block on sequences {@code [n, 64, 128]}: 4 heads of 32, feed-forward 512, batch 32. */
    static final int SEQ = 64;
    static final int D_MODEL = 128;
    static final int HEADS = 4;
    static final int FF = 512;
    static final int TRANSFORMER_BATCH = 32;

    /** W6: sequences {@code [n, 50, 32]} (batch, steps, features) into LSTM(128), batch 64. */
    static final int STEPS = 50;
    static final int FEATURES = 32;
    static final int UNITS = 128;
    static final int LSTM_BATCH = 64;

    private Workloads() {
    }

    /** Features {@code [n, ...]} (seeded standard normal) and one-hot labels {@code [n, 10]}, float32. */
    record Data(INDArray x, INDArray y) {
        int size() {
            return Math.toIntExact(x.size(0));
        }

        /** The first {@code n} samples (a copy, so it is contiguous like the full set). */
        Data head(int n) {
            return n >= size() ? this
                    : new Data(x.get(Nd4jRows.range(0, n, x.rank())).dup(), y.get(Nd4jRows.range(0, n)).dup());
        }
    }

    /** W1-W3: features {@code [n, 784]}. */
    static Data synthetic(int n, long seed) {
        return synthetic(n, seed, INPUTS);
    }

    /** W5: images {@code [n, 28, 28, 1]} (channels_last). */
    static Data images(int n, long seed) {
        return synthetic(n, seed, IMAGE_SIZE, IMAGE_SIZE, 1);
    }

    /** W6: sequences {@code [n, 50, 32]} (batch, steps, features). */
    static Data sequences(int n, long seed) {
        return synthetic(n, seed, STEPS, FEATURES);
    }

    /** W8: sequences {@code [n, 64, 128]} (batch, steps, d_model). */
    static Data tokens(int n, long seed) {
        return synthetic(n, seed, SEQ, D_MODEL);
    }

    /** Features {@code [n, sampleShape...]}, then the labels, from one seeded generator. */
    static Data synthetic(int n, long seed, long... sampleShape) {
        Random r = new Random(seed);
        long perSample = 1;
        for (long d : sampleShape) {
            perSample *= d;
        }
        float[] x = new float[Math.toIntExact(n * perSample)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] y = new float[n * CLASSES];
        for (int i = 0; i < n; i++) {
            y[i * CLASSES + r.nextInt(CLASSES)] = 1f;
        }
        long[] shape = new long[sampleShape.length + 1];
        shape[0] = n;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return new Data(Nd4j.create(x, shape, DataType.FLOAT),
                Nd4j.create(y, new long[] {n, CLASSES}, DataType.FLOAT));
    }

    /** The per-epoch sample order every system uses (seeded by the epoch). */
    static int[] permutation(int n, int epoch) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random r = new Random(1_000_003L * epoch + 17);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
