package dev.athanor.losses;

/**
 * The {@link MeanSquaredLogarithmicError} loss as a metric (lower is better), with the same config keys. Names:
 * {@code MeanSquaredLogarithmicError}, {@code mean_squared_logarithmic_error}, {@code msle}, {@code MSLE}.
 */
public final class MeanSquaredLogarithmicErrorMetric extends LossMetric {

    /** Keras's defaults. */
    public MeanSquaredLogarithmicErrorMetric() {
        super(new MeanSquaredLogarithmicError(), "MeanSquaredLogarithmicError", "mean_squared_logarithmic_error", "msle", "MSLE");
    }
}
