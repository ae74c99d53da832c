package dev.athanor.losses;

import dev.athanor.core.Tensor;
import java.util.List;

/**
 * Mean squared logarithmic error, per sample:
 * {@code mean((log(max(yPred, eps) + 1) - log(max(yTrue, eps) + 1))^2, axis=-1)}, {@code eps = 1e-7}.
 * Both inputs are clamped before the log, so negative values give a finite loss (and no gradient
 * through the clamped elements).
 *
 * <p>Source: tf.keras 2.6 {@code keras/losses.py}, {@code mean_squared_logarithmic_error}. Names:
 * {@code mean_squared_logarithmic_error}, {@code msle}, {@code MSLE},
 * {@code MeanSquaredLogarithmicError}.
 */
public final class MeanSquaredLogarithmicError extends KerasLoss {

    @Override
    protected Tensor compute(Tensor yTrue, Tensor yPred) {
        Tensor first = yPred.maximum(EPSILON).add(1.0).log();
        Tensor second = yTrue.maximum(EPSILON).add(1.0).log();
        return first.sub(second).square().mean(-1);
    }

    @Override
    public String registryName() {
        return "MeanSquaredLogarithmicError";
    }

    @Override
    public List<String> aliases() {
        return List.of("mean_squared_logarithmic_error", "msle", "MSLE");
    }
}
