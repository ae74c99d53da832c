package dev.athanor.losses;

/**
 * The {@link Huber} loss as a metric (lower is better), with the same config keys. Names:
 * {@code Huber}, {@code huber}, {@code huber_loss}.
 */
public final class HuberMetric extends LossMetric {

    /** Keras's defaults. */
    public HuberMetric() {
        super(new Huber(), "Huber", "huber", "huber_loss");
    }
}
