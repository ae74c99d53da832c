package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Seeds;
import dev.athanor.core.Tensor;
import dev.athanor.core.TrainingRandom;
import java.util.Map;
import java.util.Random;

/**
 * Keras's {@code GaussianDropout(rate, seed=None)}
 * (keras/src/layers/regularization/gaussian_dropout.py): while training, multiplies the input by
 * Gaussian noise of mean 1 and standard deviation {@code sqrt(rate / (1 - rate))} ({@code rate} in
 * [0, 1], as Keras requires); at inference the input passes unchanged. Noise is drawn like
 * {@link Dropout}'s masks. The input's Keras mask passes on.
 */
public class GaussianDropout extends SingleInputLayer {

    private double rate;
    private Long seed;
    private Random fallback;

    /** For the registry: {@code rate} comes from the config. */
    public GaussianDropout() {
    }

    /** The given rate. */
    public GaussianDropout(double rate) {
        rate(rate);
    }

    /** {@code rate}, in [0, 1]. */
    public GaussianDropout rate(double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("Invalid value received for argument `rate`. Expected a float value"
                    + " between 0 and 1. Received: rate=" + value);
        }
        this.rate = value;
        return this;
    }

    /** Seed of the generator used outside a training loop's seeded scope. */
    public GaussianDropout seed(Long value) {
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
            fallback = new Random(Seeds.mix(seed != null ? seed : Seeds.get(), "gaussian_dropout/" + name()));
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
        if (!training || rate == 0) {
            return input;
        }
        double stddev = Math.sqrt(rate / (1.0 - rate));
        return input.mul(Tensor.of(GaussianDraws.normal(random(), 1.0, stddev, input)));
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("rate", rate);
        c.put("seed", seed);
    }

    @Override
    protected void readConfig(Config c) {
        rate(c.getDouble("rate", 0.0));
        seed(c.get("seed") == null ? null : c.getLong("seed", 0));
    }
}
