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

    private Workloads() {
    }

    /** Features {@code [n, 784]} (seeded standard normal) and one-hot labels {@code [n, 10]}, float32. */
    record Data(INDArray x, INDArray y) {
        int size() {
            return Math.toIntExact(x.size(0));
        }

        /** The first {@code n} samples (a copy, so it is contiguous like the full set). */
        Data head(int n) {
            return n >= size() ? this : new Data(x.get(Nd4jRows.range(0, n)).dup(), y.get(Nd4jRows.range(0, n)).dup());
        }
    }

    static Data synthetic(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * INPUTS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] y = new float[n * CLASSES];
        for (int i = 0; i < n; i++) {
            y[i * CLASSES + r.nextInt(CLASSES)] = 1f;
        }
        return new Data(Nd4j.create(x, new long[] {n, INPUTS}, DataType.FLOAT),
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
