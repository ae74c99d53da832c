package dev.athanor.losses;

/**
 * The {@link SparseCategoricalCrossentropy} loss as a metric (lower is better), with the same config keys. Names:
 * {@code SparseCategoricalCrossentropy}, {@code sparse_categorical_crossentropy}.
 */
public final class SparseCategoricalCrossentropyMetric extends LossMetric {

    /** Keras's defaults. */
    public SparseCategoricalCrossentropyMetric() {
        super(new SparseCategoricalCrossentropy(), "SparseCategoricalCrossentropy", "sparse_categorical_crossentropy");
    }
}
