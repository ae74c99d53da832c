package dev.athanor.losses;

/**
 * The {@link Poisson} loss as a metric (lower is better), with the same config keys. Names:
 * {@code Poisson}, {@code poisson}.
 */
public final class PoissonMetric extends LossMetric {

    /** Keras's defaults. */
    public PoissonMetric() {
        super(new Poisson(), "Poisson", "poisson");
    }
}
