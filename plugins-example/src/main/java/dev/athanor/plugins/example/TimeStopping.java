package dev.athanor.plugins.example;

import dev.athanor.core.Callback;
import dev.athanor.core.Config;
import dev.athanor.core.Model;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Stops training once a wall-clock budget is spent (TensorFlow Addons'
 * {@code tfa.callbacks.TimeStopping(seconds=86400, verbose=0)}): the deadline is set at the start
 * of {@code fit}; after each epoch, when the deadline has passed, it asks the model to stop, so
 * the epoch that crossed the budget still completes. With {@code verbose > 0} it prints
 * {@code Timed stopping at epoch N after training for H:MM:SS} at the end.
 *
 * <p>Registry name {@code TimeStopping}; config {@code seconds} (86400, at least 0) and
 * {@code verbose} (0).
 */
public final class TimeStopping implements Callback {

    /** The registry name. */
    public static final String NAME = "TimeStopping";

    private double seconds = 86400;
    private int verbose;
    private final LongSupplier nanoClock;
    private PrintStream out = System.out;
    private Model model;
    private long deadline;
    private int stoppedEpoch = -1;

    /** A one-day budget, silent (TFA's defaults). */
    public TimeStopping() {
        this(System::nanoTime);
    }

    /** With a clock in nanoseconds, for tests that must not depend on real time. */
    TimeStopping(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The budget in seconds, at least 0. */
    public TimeStopping seconds(double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("`seconds` must be a finite number >= 0. Received: seconds=" + value);
        }
        this.seconds = value;
        return this;
    }

    /** 0: silent; 1: print a line when the budget stopped training. */
    public TimeStopping verbose(int value) {
        this.verbose = value;
        return this;
    }

    /** Where the verbose line goes (standard output by default). */
    public TimeStopping out(PrintStream stream) {
        this.out = stream;
        return this;
    }

    /** The 0-based epoch after which the budget stopped the last fit, or -1. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    @Override
    public String registryName() {
        return NAME;
    }

    @Override
    public void setModel(Model value) {
        this.model = value;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        stoppedEpoch = -1;
        deadline = nanoClock.getAsLong() + Math.round(seconds * 1e9);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        // Compared as a difference: nanoTime may wrap, and only differences are meaningful.
        if (nanoClock.getAsLong() - deadline >= 0) {
            model.stopTraining(true);
            stoppedEpoch = epoch;
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (stoppedEpoch >= 0 && verbose > 0) {
            out.println("Timed stopping at epoch " + (stoppedEpoch + 1) + " after training for "
                    + format(Duration.ofMillis(Math.round(seconds * 1000))));
        }
    }

    /** Python's {@code str(datetime.timedelta(seconds=s))} for whole seconds: {@code H:MM:SS}. */
    static String format(Duration d) {
        long s = d.toSeconds();
        String hms = String.format("%d:%02d:%02d", (s / 3600) % 24, (s / 60) % 60, s % 60);
        long days = s / 86400;
        return days == 0 ? hms : days + " day" + (days == 1 ? "" : "s") + ", " + hms;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("seconds", seconds);
        c.put("verbose", verbose);
        return c;
    }

    @Override
    public void configure(Config config) {
        seconds(config.getDouble("seconds", 86400));
        verbose(config.getInt("verbose", 0));
    }
}
