package dev.athanor.losses;

import dev.athanor.core.Tensor;
import java.util.List;

/**
 * Kullback-Leibler divergence, per sample: {@code sum(y' * log(y' / p'), axis=-1)} with
 * {@code y' = clip(yTrue, eps, 1)} and {@code p' = clip(yPred, eps, 1)}, {@code eps = 1e-7}
 * (a sum over classes, not a mean; zero targets contribute about 0).
 *
 * <p>Source: tf.keras 2.6 {@code keras/losses.py}, {@code kl_divergence}. Names:
 * {@code kullback_leibler_divergence}, {@code kld}, {@code KLD}, {@code kl_divergence},
 * {@code KLDivergence}.
 */
public final class KLDivergence extends KerasLoss {

    @Override
    protected Tensor compute(Tensor yTrue, Tensor yPred) {
        Tensor y = yTrue.clip(EPSILON, 1.0);
        Tensor p = yPred.clip(EPSILON, 1.0);
        return y.mul(y.div(p).log()).sum(-1);
    }

    @Override
    public String registryName() {
        return "KLDivergence";
    }

    @Override
    public List<String> aliases() {
        return List.of("kullback_leibler_divergence", "kld", "KLD", "kl_divergence");
    }
}
