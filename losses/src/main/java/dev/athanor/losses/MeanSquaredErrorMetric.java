package dev.athanor.losses;

/**
 * The {@link MeanSquaredError} loss as a metric (lower is better), with the same config keys. Names:
 * {@code MeanSquaredError}, {@code mean_squared_error}, {@code mse}, {@code MSE}.
 */
public final class MeanSquaredErrorMetric extends LossMetric {

    /** Keras's defaults. */
    public MeanSquaredErrorMetric() {
        super(new MeanSquaredError(), "MeanSquaredError", "mean_squared_error", "mse", "MSE");
    }
}
