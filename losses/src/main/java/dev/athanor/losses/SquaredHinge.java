package dev.athanor.losses;

import dev.athanor.core.Tensor;
import java.util.List;

/**
 * Squared hinge loss, per sample: {@code mean(max(1 - yTrue * yPred, 0)^2, axis=-1)}, with the
 * same {0, 1} to {-1, 1} target conversion as {@link Hinge}.
 *
 * <p>Source: tf.keras 2.6 {@code keras/losses.py}, {@code squared_hinge}. Names:
 * {@code squared_hinge}, {@code SquaredHinge}.
 */
public final class SquaredHinge extends KerasLoss {

    @Override
    protected Tensor compute(Tensor yTrue, Tensor yPred) {
        return Labels.maybeConvertBinary(yTrue).mul(yPred).rsub(1.0).maximum(0.0).square().mean(-1);
    }

    @Override
    public String registryName() {
        return "SquaredHinge";
    }

    @Override
    public List<String> aliases() {
        return List.of("squared_hinge");
    }
}
