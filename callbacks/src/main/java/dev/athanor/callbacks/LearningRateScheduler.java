package dev.athanor.callbacks;

import dev.athanor.core.Callback;
import dev.athanor.core.Config;
import dev.athanor.core.Model;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's {@code LearningRateScheduler(schedule, verbose=0)}: at the start of every epoch sets the
 * optimizer's learning rate to {@code schedule(epoch, lr)} (epoch 0-based, lr the current base
 * rate, {@link dev.athanor.core.Optimizer#baseLearningRate()}: Keras's {@code optimizer.lr}, before
 * any legacy decay), and adds that rate to the epoch logs as {@code lr}. The schedule is a function, so it is not part of
 * {@link #config()}; a configured instance must be given one with {@link #schedule(Schedule)}.
 */
public class LearningRateScheduler implements Callback {

    /** The schedule: the new learning rate from the epoch index (0-based) and the current rate. */
    @FunctionalInterface
    public interface Schedule {
        /** The rate for {@code epoch}. */
        double apply(int epoch, double lr);
    }

    private Schedule schedule;
    private int verbose = 0;
    private Model model;
    /** Where verbose messages go: the fit's output stream (System.out until a fit starts). */
    private PrintStream out = System.out;

    /** For the registry; give a schedule before fit. */
    public LearningRateScheduler() {
    }

    /** A scheduler with this schedule. */
    public LearningRateScheduler(Schedule schedule) {
        this.schedule = schedule;
    }

    /** Keras adds the current learning rate to the epoch logs. */
    @Override
    public java.util.List<String> addedLogKeys() {
        return java.util.List.of("lr");
    }

    @Override
    public String registryName() {
        return "LearningRateScheduler";
    }

    /** Sets the schedule. */
    public LearningRateScheduler schedule(Schedule s) {
        this.schedule = s;
        return this;
    }

    /** 1 prints each update (default 0). */
    public LearningRateScheduler verbose(int v) {
        this.verbose = v;
        return this;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("verbose", verbose);
        return c;
    }

    @Override
    public void configure(Config c) {
        verbose(c.getInt("verbose", verbose));
        c.ignore("schedule");
        c.rejectUnknown();
    }

    @Override
    public void setModel(Model model) {
        this.model = model;
    }

    @Override
    public void setParams(dev.athanor.core.FitParams p) {
        out = p.out();
        if (schedule == null) {
            throw new IllegalArgumentException("LearningRateScheduler has no schedule: pass one to the constructor or schedule(...).");
        }
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        double lr = schedule.apply(epoch, model.optimizer().baseLearningRate());
        if (Double.isNaN(lr) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("The output of the LearningRateScheduler schedule should be a finite float. "
                    + "Received: " + lr + " at epoch " + epoch);
        }
        model.optimizer().setLearningRate(lr);
        if (verbose > 0) {
            out.printf(Locale.ROOT, "%nEpoch %05d: LearningRateScheduler setting learning rate to %s.%n",
                    epoch + 1, dev.athanor.core.PythonFloat.repr(lr));
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.put("lr", model.optimizer().baseLearningRate());
    }
}
