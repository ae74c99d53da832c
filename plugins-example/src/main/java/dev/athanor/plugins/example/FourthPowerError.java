package dev.athanor.plugins.example;

import dev.athanor.core.Backend;
import dev.athanor.core.Loss;
import dev.athanor.core.Tensor;

/**
 * The training memo's custom loss: the mean fourth power of the error over the last axis,
 *
 * <pre>  loss = mean((p - y)^4, axis=-1)</pre>
 *
 * which punishes large errors far more than the squared error does. Gradient (automatic):
 * {@code 4 (p - y)^3 / n}. Registry name {@code fourth_power_error}; no config.
 */
public final class FourthPowerError implements Loss {

    /** The registry name. */
    public static final String NAME = "fourth_power_error";

    /** The only constructor: the loss has no settings. */
    public FourthPowerError() {
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        LossShapes.requireSame(NAME, yTrue, yPred, "");
        return Backend.mean(Backend.pow(yPred.sub(yTrue), 4), -1);
    }

    @Override
    public String registryName() {
        return NAME;
    }
}
