package dev.athanor.losses;

import dev.athanor.core.Tensor;
import java.util.List;

/**
 * Mean absolute error, per sample: {@code mean(abs(yPred - yTrue), axis=-1)}.
 *
 * <p>Source: tf.keras 2.6 {@code keras/losses.py}, {@code mean_absolute_error}. Names:
 * {@code mean_absolute_error}, {@code mae}, {@code MAE}, {@code MeanAbsoluteError}.
 */
public final class MeanAbsoluteError extends KerasLoss {

    @Override
    protected Tensor compute(Tensor yTrue, Tensor yPred) {
        return yPred.sub(yTrue).abs().mean(-1);
    }

    @Override
    public String registryName() {
        return "MeanAbsoluteError";
    }

    @Override
    public List<String> aliases() {
        return List.of("mean_absolute_error", "mae", "MAE");
    }
}
