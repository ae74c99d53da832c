package dev.athanor.losses;

/**
 * The {@link SquaredHinge} loss as a metric (lower is better), with the same config keys. Names:
 * {@code SquaredHinge}, {@code squared_hinge}.
 */
public final class SquaredHingeMetric extends LossMetric {

    /** Keras's defaults. */
    public SquaredHingeMetric() {
        super(new SquaredHinge(), "SquaredHinge", "squared_hinge");
    }
}
