package dev.athanor.core.initializers;

import dev.athanor.core.Shapes;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Random draws from a {@link Random}, into arrays of any shape (C order). */
final class Draws {

    private Draws() {
    }

    static int count(long[] shape) {
        return Math.toIntExact(Shapes.size(shape));
    }

    static INDArray array(double[] values, long[] shape, DataType dtype) {
        if (shape.length == 0) {
            return Nd4j.scalar(DataType.DOUBLE, values[0]).castTo(dtype);
        }
        return Nd4j.create(values, shape, 'c').castTo(dtype);
    }

    /** Normal(mean, stddev). */
    static double[] normal(Random r, int n, double mean, double stddev) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + stddev * r.nextGaussian();
        }
        return v;
    }

    /** Normal(mean, stddev) with values beyond two standard deviations redrawn (tf.random.truncated_normal). */
    static double[] truncatedNormal(Random r, int n, double mean, double stddev) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double z;
            do {
                z = r.nextGaussian();
            } while (Math.abs(z) > 2.0);
            v[i] = mean + stddev * z;
        }
        return v;
    }

    /** Uniform in [lo, hi). */
    static double[] uniform(Random r, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return v;
    }
}
