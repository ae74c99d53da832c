package dev.athanor.core.testing;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded test data, independent of ND4J's own generator. */
public final class TestArrays {

    private TestArrays() {
    }

    /** Uniform values in [lo, hi), float64. */
    public static INDArray uniform(long seed, double lo, double hi, long... shape) {
        Random r = new Random(seed);
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return Nd4j.create(v, shape, 'c').castTo(DataType.DOUBLE);
    }
}
