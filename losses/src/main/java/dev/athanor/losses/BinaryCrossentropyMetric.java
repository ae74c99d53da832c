package dev.athanor.losses;

/**
 * The {@link BinaryCrossentropy} loss as a metric (lower is better), with the same config keys. Names:
 * {@code BinaryCrossentropy}, {@code binary_crossentropy}.
 */
public final class BinaryCrossentropyMetric extends LossMetric {

    /** Keras's defaults. */
    public BinaryCrossentropyMetric() {
        super(new BinaryCrossentropy(), "BinaryCrossentropy", "binary_crossentropy");
    }
}
