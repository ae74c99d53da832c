package dev.athanor.losses;

/**
 * The {@link MeanAbsolutePercentageError} loss as a metric (lower is better), with the same config keys. Names:
 * {@code MeanAbsolutePercentageError}, {@code mean_absolute_percentage_error}, {@code mape}, {@code MAPE}.
 */
public final class MeanAbsolutePercentageErrorMetric extends LossMetric {

    /** Keras's defaults. */
    public MeanAbsolutePercentageErrorMetric() {
        super(new MeanAbsolutePercentageError(), "MeanAbsolutePercentageError", "mean_absolute_percentage_error", "mape", "MAPE");
    }
}
