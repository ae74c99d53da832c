package dev.athanor.losses;

import dev.athanor.core.Tensor;
import java.util.List;

/**
 * Categorical hinge loss, per sample: {@code max(neg - pos + 1, 0)} with
 * {@code pos = sum(yTrue * yPred, axis=-1)} and {@code neg = max((1 - yTrue) * yPred, axis=-1)}.
 *
 * <p>Source: tf.keras 2.6 {@code keras/losses.py}, {@code categorical_hinge}. Names:
 * {@code categorical_hinge}, {@code CategoricalHinge}.
 */
public final class CategoricalHinge extends KerasLoss {

    @Override
    protected Tensor compute(Tensor yTrue, Tensor yPred) {
        Tensor pos = yTrue.mul(yPred).sum(-1);
        Tensor neg = yTrue.rsub(1.0).mul(yPred).max(-1);
        return neg.sub(pos).add(1.0).maximum(0.0);
    }

    @Override
    public String registryName() {
        return "CategoricalHinge";
    }

    @Override
    public List<String> aliases() {
        return List.of("categorical_hinge");
    }
}
