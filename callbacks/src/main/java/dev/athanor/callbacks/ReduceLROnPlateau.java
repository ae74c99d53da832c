package dev.athanor.callbacks;

import dev.athanor.core.Callback;
import dev.athanor.core.Config;
import dev.athanor.core.FitParams;
import dev.athanor.core.Model;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's {@code ReduceLROnPlateau(monitor="val_loss", factor=0.1, patience=10, verbose=0,
 * mode="auto", min_delta=1e-4, cooldown=0, min_lr=0)}: multiplies the optimizer's learning rate
 * by {@code factor} (never below {@code min_lr}) when the monitored value has not improved by more
 * than {@code min_delta} for {@code patience} epochs, then waits {@code cooldown} epochs before
 * counting again. Mode "auto" takes the metric's declared direction. As in Keras it adds the
 * current rate to the epoch logs as {@code lr}. The rate read and reduced is the optimizer's base
 * rate ({@link dev.athanor.core.Optimizer#baseLearningRate()}, Keras's {@code optimizer.lr}), so a
 * legacy {@code decay} is not compounded into it.
 *
 * <p><b>Resume.</b> After every epoch the state (best value, wait and cooldown counters, last epoch
 * seen) is put into {@link Model#callbackStates()} under {@link #stateKey()}, so a full-model save
 * ({@code model.save}, or a {@code ModelCheckpoint} listed <em>after</em> this callback) carries it
 * (the reduced rate itself is in the optimizer's config). A fit that resumes that run
 * ({@code initialEpoch} is the epoch after the last one the state saw) restores it in
 * {@link #onTrainBegin}, so the learning-rate sequence is the uninterrupted run's; any other fit
 * starts afresh, as in Keras.
 */
public class ReduceLROnPlateau implements Callback {

    private String monitor = "val_loss";
    private double factor = 0.1;
    private int patience = 10;
    private int verbose = 0;
    private String mode = "auto";
    private double minDelta = 1e-4;
    private int cooldown = 0;
    private double minLr = 0;

    private Model model;
    /** Where verbose messages go: the fit's output stream (System.out until a fit starts). */
    private PrintStream out = System.out;
    private boolean higherIsBetter;
    private double best = Double.POSITIVE_INFINITY;
    private int wait;
    private int cooldownCounter;
    private int initialEpoch;
    private int lastEpoch = -1;

    /** Keras adds the current learning rate to the epoch logs. */
    @Override
    public java.util.List<String> addedLogKeys() {
        return java.util.List.of("lr");
    }

    @Override
    public String registryName() {
        return "ReduceLROnPlateau";
    }

    /** The watched log key (default "val_loss"). */
    public ReduceLROnPlateau monitor(String v) {
        this.monitor = v;
        return this;
    }

    /** new_lr = lr * factor; must be below 1 (default 0.1). */
    public ReduceLROnPlateau factor(double v) {
        if (v >= 1.0) {
            throw new IllegalArgumentException("ReduceLROnPlateau does not support a factor >= 1.0. Received: factor=" + v);
        }
        this.factor = v;
        return this;
    }

    /** Epochs without improvement before reducing (default 10). */
    public ReduceLROnPlateau patience(int v) {
        this.patience = v;
        return this;
    }

    /** 1 prints each reduction (default 0). */
    public ReduceLROnPlateau verbose(int v) {
        this.verbose = v;
        return this;
    }

    /** "auto" (default), "min" or "max". */
    public ReduceLROnPlateau mode(String v) {
        this.mode = Monitors.mode("ReduceLROnPlateau", v);
        return this;
    }

    /** Threshold for measuring a new optimum (default 1e-4). */
    public ReduceLROnPlateau minDelta(double v) {
        this.minDelta = v;
        return this;
    }

    /** Epochs to wait after a reduction before resuming normal operation (default 0). */
    public ReduceLROnPlateau cooldown(int v) {
        this.cooldown = v;
        return this;
    }

    /** Lower bound on the learning rate (default 0). */
    public ReduceLROnPlateau minLr(double v) {
        this.minLr = v;
        return this;
    }

    /** The key under which the state goes into {@link Model#callbackStates()}. */
    public String stateKey() {
        return "ReduceLROnPlateau[" + monitor + "]";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("monitor", monitor);
        c.put("factor", factor);
        c.put("patience", patience);
        c.put("verbose", verbose);
        c.put("mode", mode);
        c.put("min_delta", minDelta);
        c.put("cooldown", cooldown);
        c.put("min_lr", minLr);
        return c;
    }

    @Override
    public void configure(Config c) {
        monitor(c.getString("monitor", monitor));
        factor(c.getDouble("factor", factor));
        patience(c.getInt("patience", patience));
        verbose(c.getInt("verbose", verbose));
        mode(c.getString("mode", mode));
        minDelta(c.getDouble("min_delta", minDelta, "epsilon"));
        cooldown(c.getInt("cooldown", cooldown));
        minLr(c.getDouble("min_lr", minLr));
        c.rejectUnknown();
    }

    @Override
    public void setModel(Model model) {
        this.model = model;
    }

    @Override
    public void setParams(FitParams p) {
        Monitors.requireKey("ReduceLROnPlateau", "monitor", monitor, p.logKeys());
        higherIsBetter = Monitors.higherIsBetter(mode, monitor, p);
        initialEpoch = p.initialEpoch();
        out = p.out();
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        best = higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        wait = 0;
        cooldownCounter = 0;
        lastEpoch = -1;
        Map<String, Object> saved = model == null ? null : model.callbackStates().get(stateKey());
        if (saved != null && initialEpoch > 0 && Monitors.epochOf(saved) == initialEpoch - 1) {
            restoreState(saved);
        }
    }

    // ------------------------------------------------------------------ state

    @Override
    public Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("epoch", lastEpoch);
        s.put("best", Monitors.toJson(best));
        s.put("wait", wait);
        s.put("cooldown_counter", cooldownCounter);
        return s;
    }

    @Override
    public void restoreState(Map<String, Object> state) {
        lastEpoch = Monitors.epochOf(state);
        best = Monitors.fromJson(state.get("best"));
        wait = Monitors.intOf(state, "wait");
        cooldownCounter = Monitors.intOf(state, "cooldown_counter");
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        update(epoch, logs);
        lastEpoch = epoch;
        model.callbackStates().put(stateKey(), state());
    }

    private void update(int epoch, Map<String, Double> logs) {
        logs.put("lr", model.optimizer().baseLearningRate());
        Double current = logs.get(monitor);
        if (current == null) {
            out.println("WARNING: Learning rate reduction is conditioned on metric `" + monitor
                    + "` which is not available. Available metrics are: " + String.join(",", logs.keySet()));
            return;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        boolean better = higherIsBetter ? current > best + minDelta : current < best - minDelta;
        if (better) {
            best = current;
            wait = 0;
        } else if (cooldownCounter <= 0) {
            wait++;
            if (wait >= patience) {
                double old = model.optimizer().baseLearningRate();
                if (old > (float) minLr) {
                    double lr = Math.max(old * factor, minLr);
                    model.optimizer().setLearningRate(lr);
                    if (verbose > 0) {
                        out.printf(Locale.ROOT, "%nEpoch %05d: ReduceLROnPlateau reducing learning rate to %s.%n",
                                epoch + 1, dev.athanor.core.PythonFloat.repr(lr));
                    }
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
    }
}
