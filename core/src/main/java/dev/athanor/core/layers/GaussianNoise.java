package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Seeds;
import dev.athanor.core.Tensor;
import dev.athanor.core.TrainingRandom;
import java.util.Map;
import java.util.Random;

/**
 * Keras's {@code GaussianNoise(stddev, seed=None)} (keras/src/layers/regularization/gaussian_noise.py):
 * while training, adds zero-mean Gaussian noise of standard deviation {@code stddev} (in [0, 1], as
 * Keras requires); at inference the input passes unchanged. Noise is drawn like {@link Dropout}'s
 * masks: from the fit's seeded generator, else from a generator seeded by {@code seed} (or the
 * global seed) and the layer's name. The input's Keras mask passes on.
 */
public class GaussianNoise extends SingleInputLayer {

    private double stddev;
    private Long seed;
    private Random fallback;

    /** For the registry: {@code stddev} comes from the config. */
    public GaussianNoise() {
    }

    /** Noise of the given standard deviation. */
    public GaussianNoise(double stddev) {
        stddev(stddev);
    }

    /** {@code stddev}, in [0, 1]. */
    public GaussianNoise stddev(double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("Invalid value received for argument `stddev`. Expected a float value"
                    + " between 0 and 1. Received: stddev=" + value);
        }
        this.stddev = value;
        return this;
    }

    /** Seed of the generator used outside a training loop's seeded scope. */
    public GaussianNoise seed(Long value) {
        this.seed = value;
        synchronized (this) {
            fallback = null;
        }
        return this;
    }

    private synchronized Random random() {
        Random r = TrainingRandom.currentOrNull();
        if (r != null) {
            return r;
        }
        if (fallback == null) {
            fallback = new Random(Seeds.mix(seed != null ? seed : Seeds.get(), "gaussian_noise/" + name()));
        }
        return fallback;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        if (!training || stddev == 0) {
            return input;
        }
        return input.add(Tensor.of(GaussianDraws.normal(random(), 0.0, stddev, input)));
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("stddev", stddev);
        c.put("seed", seed);
    }

    @Override
    protected void readConfig(Config c) {
        stddev(c.getDouble("stddev", 0.0));
        seed(c.get("seed") == null ? null : c.getLong("seed", 0));
    }
}
