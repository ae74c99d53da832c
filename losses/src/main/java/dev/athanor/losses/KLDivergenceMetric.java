package dev.athanor.losses;

/**
 * The {@link KLDivergence} loss as a metric (lower is better), with the same config keys. Names:
 * {@code KLDivergence}, {@code kullback_leibler_divergence}, {@code kld}, {@code KLD}, {@code kl_divergence}.
 */
public final class KLDivergenceMetric extends LossMetric {

    /** Keras's defaults. */
    public KLDivergenceMetric() {
        super(new KLDivergence(), "KLDivergence", "kullback_leibler_divergence", "kld", "KLD", "kl_divergence");
    }
}
