package dev.athanor.losses;

import dev.athanor.core.Tensor;
import java.util.List;

/**
 * Mean squared error, per sample: {@code mean((yPred - yTrue)^2, axis=-1)}.
 *
 * <p>Source: tf.keras 2.6 {@code keras/losses.py}, {@code mean_squared_error}. Names:
 * {@code mean_squared_error}, {@code mse}, {@code MSE}, {@code MeanSquaredError}.
 */
public final class MeanSquaredError extends KerasLoss {

    @Override
    protected Tensor compute(Tensor yTrue, Tensor yPred) {
        return yPred.sub(yTrue).square().mean(-1);
    }

    @Override
    public String registryName() {
        return "MeanSquaredError";
    }

    @Override
    public List<String> aliases() {
        return List.of("mean_squared_error", "mse", "MSE");
    }
}
