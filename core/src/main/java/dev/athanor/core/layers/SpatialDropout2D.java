package dev.athanor.core.layers;

/**
 * Keras's {@code SpatialDropout2D(rate, data_format=None, seed=None)}
 * (keras/src/layers/regularization/spatial_dropout.py): drops whole feature maps of an image
 * input while training (one mask value per sample and channel), scaling the kept ones by
 * {@code 1 / (1 - rate)}. See {@link SpatialDropout}.
 */
public class SpatialDropout2D extends SpatialDropout {

    /** For the registry: rate 0 until configured. */
    public SpatialDropout2D() {
        super(2);
    }

    /** The given rate, in [0, 1). */
    public SpatialDropout2D(double rate) {
        this();
        rate(rate);
    }

    /** {@code rate}, in [0, 1). */
    public SpatialDropout2D rate(double value) {
        setRate(value);
        return this;
    }

    /** Seed of the generator used outside a training loop's seeded scope. */
    public SpatialDropout2D seed(Long value) {
        setSeed(value);
        return this;
    }

    /** {@code data_format}: "channels_last" (default) or "channels_first". */
    public SpatialDropout2D dataFormat(String value) {
        setDataFormat(value);
        return this;
    }

    @Override
    boolean hasDataFormat() {
        return true;
    }
}
