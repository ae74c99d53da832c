package dev.athanor.losses;

/**
 * The {@link MeanAbsoluteError} loss as a metric (lower is better), with the same config keys. Names:
 * {@code MeanAbsoluteError}, {@code mean_absolute_error}, {@code mae}, {@code MAE}.
 */
public final class MeanAbsoluteErrorMetric extends LossMetric {

    /** Keras's defaults. */
    public MeanAbsoluteErrorMetric() {
        super(new MeanAbsoluteError(), "MeanAbsoluteError", "mean_absolute_error", "mae", "MAE");
    }
}
