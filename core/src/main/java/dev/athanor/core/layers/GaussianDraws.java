package dev.athanor.core.layers;

import dev.athanor.core.Tensor;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Normal draws shaped like a tensor, from a shared seeded generator (GaussianNoise, GaussianDropout). */
final class GaussianDraws {

    private GaussianDraws() {
    }

    /** {@code mean + stddev · N(0, 1)} with {@code like}'s shape and type. */
    static INDArray normal(Random r, double mean, double stddev, Tensor like) {
        long[] shape = like.shape();
        int n = Math.toIntExact(dev.athanor.core.Shapes.size(shape));
        double[] v = new double[n];
        // The generator may be the fit's shared one: draw in one block.
        synchronized (r) {
            for (int i = 0; i < n; i++) {
                v[i] = mean + stddev * r.nextGaussian();
            }
        }
        return Nd4j.create(v, shape, 'c').castTo(like.value().dataType());
    }
}
