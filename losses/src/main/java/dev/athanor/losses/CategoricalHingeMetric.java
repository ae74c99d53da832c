package dev.athanor.losses;

/**
 * The {@link CategoricalHinge} loss as a metric (lower is better), with the same config keys. Names:
 * {@code CategoricalHinge}, {@code categorical_hinge}.
 */
public final class CategoricalHingeMetric extends LossMetric {

    /** Keras's defaults. */
    public CategoricalHingeMetric() {
        super(new CategoricalHinge(), "CategoricalHinge", "categorical_hinge");
    }
}
