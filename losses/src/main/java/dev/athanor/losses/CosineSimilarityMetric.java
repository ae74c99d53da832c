package dev.athanor.losses;

import dev.athanor.core.NoGrad;
import dev.athanor.core.Tensor;
import java.util.List;

/**
 * Cosine similarity as a metric, per sample: {@code sum(l2norm(yTrue) * l2norm(yPred), axis=-1)},
 * in [-1, 1], higher is better. This is the <em>positive</em> similarity, as tf.keras 2.6's
 * {@code keras.metrics.cosine_similarity} / {@code CosineSimilarity} metric; the loss of the same
 * name is its negative (see {@link CosineSimilarity}; the metric {@code cosine_proximity} is that
 * negative value, lower is better).
 *
 * <p>Source: tf.keras 2.6 {@code keras/metrics.py}, {@code cosine_similarity}. Names:
 * {@code CosineSimilarity}, {@code cosine_similarity}.
 */
public final class CosineSimilarityMetric extends KerasMetric {

    private final CosineSimilarity loss = new CosineSimilarity();

    @Override
    @SuppressWarnings("try")
    public Tensor call(Tensor yTrue, Tensor yPred) {
        try (NoGrad ignored = NoGrad.open()) {
            return loss.call(yTrue, yPred).neg();
        }
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public String registryName() {
        return "CosineSimilarity";
    }

    @Override
    public List<String> aliases() {
        return List.of("cosine_similarity");
    }
}
