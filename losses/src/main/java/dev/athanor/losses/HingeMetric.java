package dev.athanor.losses;

/**
 * The {@link Hinge} loss as a metric (lower is better), with the same config keys. Names:
 * {@code Hinge}, {@code hinge}.
 */
public final class HingeMetric extends LossMetric {

    /** Keras's defaults. */
    public HingeMetric() {
        super(new Hinge(), "Hinge", "hinge");
    }
}
