package dev.athanor.losses;

import dev.athanor.core.Tensor;
import java.util.List;

/**
 * Mean absolute percentage error, per sample:
 * {@code 100 * mean(abs((yTrue - yPred) / max(abs(yTrue), eps)), axis=-1)}, {@code eps = 1e-7}
 * (a zero target divides by eps instead of by zero).
 *
 * <p>Source: tf.keras 2.6 {@code keras/losses.py}, {@code mean_absolute_percentage_error}. Names:
 * {@code mean_absolute_percentage_error}, {@code mape}, {@code MAPE},
 * {@code MeanAbsolutePercentageError}.
 */
public final class MeanAbsolutePercentageError extends KerasLoss {

    @Override
    protected Tensor compute(Tensor yTrue, Tensor yPred) {
        Tensor diff = yTrue.sub(yPred).div(yTrue.abs().maximum(EPSILON)).abs();
        return diff.mean(-1).mul(100.0);
    }

    @Override
    public String registryName() {
        return "MeanAbsolutePercentageError";
    }

    @Override
    public List<String> aliases() {
        return List.of("mean_absolute_percentage_error", "mape", "MAPE");
    }
}
