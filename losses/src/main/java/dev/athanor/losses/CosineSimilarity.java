package dev.athanor.losses;

import dev.athanor.core.Tensor;
import java.util.List;

/**
 * Cosine proximity loss, per sample: {@code -sum(l2norm(yTrue) * l2norm(yPred), axis=-1)} with
 * {@code l2norm(v) = v / sqrt(max(sum(v^2), 1e-12))}. The value is in [-1, 1]: -1 for parallel
 * vectors (the minimum, so minimising it maximises the similarity), 1 for opposite ones, and 0 when
 * either vector is zero.
 *
 * <p>Source: tf.keras 2.6 {@code keras/losses.py} {@code cosine_similarity} (the Keras 1/2.0
 * {@code cosine_proximity} has the same sign). Names: {@code cosine_similarity},
 * {@code cosine_proximity}, {@code cosine}, {@code CosineSimilarity}. As a <em>metric</em>,
 * {@code cosine_similarity} is the positive similarity (see {@link CosineSimilarityMetric}).
 */
public final class CosineSimilarity extends KerasLoss {

    @Override
    protected Tensor compute(Tensor yTrue, Tensor yPred) {
        return yTrue.l2Normalize(-1).mul(yPred.l2Normalize(-1)).sum(-1).neg();
    }

    @Override
    public String registryName() {
        return "CosineSimilarity";
    }

    @Override
    public List<String> aliases() {
        return List.of("cosine_similarity", "cosine_proximity", "cosine");
    }
}
