package dev.athanor.losses;

/**
 * The {@link CosineSimilarity} loss as a metric (lower is better), with the same config keys. Names:
 * {@code cosine_proximity}, {@code cosine}.
 */
public final class CosineProximityMetric extends LossMetric {

    /** Keras's defaults. */
    public CosineProximityMetric() {
        super(new CosineSimilarity(), "cosine_proximity", "cosine");
    }
}
