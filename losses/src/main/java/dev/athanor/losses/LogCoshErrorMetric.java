package dev.athanor.losses;

/**
 * The {@link LogCosh} loss as a metric (lower is better), with the same config keys. Names:
 * {@code LogCoshError}, {@code logcosh}, {@code log_cosh}, {@code LogCosh}.
 */
public final class LogCoshErrorMetric extends LossMetric {

    /** Keras's defaults. */
    public LogCoshErrorMetric() {
        super(new LogCosh(), "LogCoshError", "logcosh", "log_cosh", "LogCosh");
    }
}
