package dev.athanor.losses;

/**
 * The {@link CategoricalCrossentropy} loss as a metric (lower is better), with the same config keys. Names:
 * {@code CategoricalCrossentropy}, {@code categorical_crossentropy}.
 */
public final class CategoricalCrossentropyMetric extends LossMetric {

    /** Keras's defaults. */
    public CategoricalCrossentropyMetric() {
        super(new CategoricalCrossentropy(), "CategoricalCrossentropy", "categorical_crossentropy");
    }
}
