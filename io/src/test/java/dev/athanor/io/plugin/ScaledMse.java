package dev.athanor.io.plugin;

import dev.athanor.core.Config;
import dev.athanor.core.Loss;
import dev.athanor.core.Tensor;
import java.util.Map;

/**
 * The custom loss of the Keras 3 fixture {@code custom_loss.keras}, registered in Keras with
 * {@code @register_keras_serializable(package="athanor_test", name="scaled_mse")}: a plugin
 * claims Keras's registered name {@code athanor_test>scaled_mse}.
 * {@code 0.5 * mean((p - t)², axis=-1)}.
 */
public class ScaledMse implements Loss {

    /** Keras's registered name of the loss. */
    public static final String NAME = "athanor_test>scaled_mse";

    @Override
    public String registryName() {
        return NAME;
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }

    @Override
    public void configure(Config config) {
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        return yPred.sub(yTrue).square().mean(-1).mul(0.5);
    }
}
