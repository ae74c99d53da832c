package dev.athanor.core.layers;

/**
 * Keras's {@code SpatialDropout1D(rate, seed=None)}
 * (keras/src/layers/regularization/spatial_dropout.py): drops whole channels of a
 * {@code [batch, steps, channels]} input while training (one mask value per sample and channel,
 * shared by all steps), scaling the kept ones by {@code 1 / (1 - rate)}. See {@link SpatialDropout}.
 */
public class SpatialDropout1D extends SpatialDropout {

    /** For the registry: rate 0 until configured. */
    public SpatialDropout1D() {
        super(1);
    }

    /** The given rate, in [0, 1). */
    public SpatialDropout1D(double rate) {
        this();
        rate(rate);
    }

    /** {@code rate}, in [0, 1). */
    public SpatialDropout1D rate(double value) {
        setRate(value);
        return this;
    }

    /** Seed of the generator used outside a training loop's seeded scope. */
    public SpatialDropout1D seed(Long value) {
        setSeed(value);
        return this;
    }

    @Override
    boolean hasDataFormat() {
        return false;
    }
}
