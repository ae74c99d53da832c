package dev.athanor.callbacks;

import dev.athanor.core.Callback;
import dev.athanor.core.Config;
import dev.athanor.core.FitParams;
import dev.athanor.core.Model;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code EarlyStopping(monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto",
 * baseline=None, restore_best_weights=False)}: stops training when the monitored value has not
 * improved for {@code patience} epochs.
 *
 * <p>An epoch improves when {@code current + min_delta < best} (mode min) or
 * {@code current - min_delta > best} (mode max), i.e. Keras's
 * {@code monitor_op(current - min_delta, best)} with {@code min_delta} negated in mode min. Mode "auto" takes the direction declared by the metric
 * ({@link FitParams#isHigherBetter}). With a {@code baseline} the best starts at the baseline, so
 * training stops after {@code patience} epochs that do not beat it. The monitor is checked against
 * the fit's log keys when the fit starts.
 *
 * <p>{@code restoreBestWeights}: the weights of the best epoch are put back when training ends —
 * both when patience ran out and when the epochs ran out first (Keras 2.6 restored only in the
 * first case; the issue asks for both). If no epoch improved (e.g. against a baseline), the
 * weights after the first epoch are the reference.
 *
 * <p><b>Resume.</b> After every epoch the callback's state (wait counter, best value and epoch,
 * stopped epoch, last epoch seen) is put into {@link Model#callbackStates()} under
 * {@link #stateKey()}, so a full-model save ({@code model.save}, or a {@code ModelCheckpoint} listed
 * <em>after</em> this callback) carries it. A fit that resumes that run ({@code initialEpoch} is the
 * epoch after the last one the state saw) restores it in {@link #onTrainBegin}, so it stops at the
 * same epoch as the uninterrupted run; any other fit starts afresh, as in Keras. The best epoch's
 * weights are not in the file: with {@code restoreBestWeights} a resumed run takes the weights it
 * resumes from as the best so far, which is exact when the best epoch was the last one saved (a
 * warning is printed otherwise).
 */
public class EarlyStopping implements Callback {

    private String monitor = "val_loss";
    private double minDelta = 0;
    private int patience = 0;
    private int verbose = 0;
    private String mode = "auto";
    private Double baseline;
    private boolean restoreBestWeights = false;

    private Model model;
    /** Where verbose messages go: the fit's output stream (System.out until a fit starts). */
    private PrintStream out = System.out;
    private boolean higherIsBetter;
    private int wait;
    private int stoppedEpoch;
    private int bestEpoch = -1;
    private double best = Double.POSITIVE_INFINITY;
    private List<INDArray> bestWeights;
    private int initialEpoch;
    private int lastEpoch = -1;

    @Override
    public String registryName() {
        return "EarlyStopping";
    }

    /** The watched log key (default "val_loss"). */
    public EarlyStopping monitor(String v) {
        this.monitor = v;
        return this;
    }

    /** Minimum change that counts as an improvement (default 0; its sign is ignored). */
    public EarlyStopping minDelta(double v) {
        this.minDelta = Math.abs(v);
        return this;
    }

    /** Epochs without improvement before stopping (default 0). */
    public EarlyStopping patience(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("EarlyStopping patience must be >= 0. Received: patience=" + v);
        }
        this.patience = v;
        return this;
    }

    /** 1 prints when training stops (default 0). */
    public EarlyStopping verbose(int v) {
        this.verbose = v;
        return this;
    }

    /** "auto" (default), "min" or "max". */
    public EarlyStopping mode(String v) {
        this.mode = Monitors.mode("EarlyStopping", v);
        return this;
    }

    /** A value the monitored quantity must beat (default null: none). */
    public EarlyStopping baseline(Double v) {
        this.baseline = v;
        return this;
    }

    /** Whether to put back the best epoch's weights when training ends (default false). */
    public EarlyStopping restoreBestWeights(boolean v) {
        this.restoreBestWeights = v;
        return this;
    }

    /** The epoch (0-based) at which training was stopped, 0 when it was not. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The best epoch so far (0-based), -1 before any improvement. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best monitored value so far. */
    public double best() {
        return best;
    }

    /** The key under which the state goes into {@link Model#callbackStates()}. */
    public String stateKey() {
        return "EarlyStopping[" + monitor + "]";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("monitor", monitor);
        c.put("min_delta", minDelta);
        c.put("patience", patience);
        c.put("verbose", verbose);
        c.put("mode", mode);
        c.put("baseline", baseline);
        c.put("restore_best_weights", restoreBestWeights);
        return c;
    }

    @Override
    public void configure(Config c) {
        monitor(c.getString("monitor", monitor));
        minDelta(c.getDouble("min_delta", minDelta));
        patience(c.getInt("patience", patience));
        verbose(c.getInt("verbose", verbose));
        mode(c.getString("mode", mode));
        baseline(c.getDoubleOrNull("baseline"));
        restoreBestWeights(c.getBoolean("restore_best_weights", restoreBestWeights));
        c.rejectUnknown();
    }

    @Override
    public void setModel(Model model) {
        this.model = model;
    }

    @Override
    public void setParams(FitParams p) {
        Monitors.requireKey("EarlyStopping", "monitor", monitor, p.logKeys());
        higherIsBetter = Monitors.higherIsBetter(mode, monitor, p);
        initialEpoch = p.initialEpoch();
        out = p.out();
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        wait = 0;
        stoppedEpoch = 0;
        bestEpoch = -1;
        lastEpoch = -1;
        bestWeights = null;
        best = baseline != null ? baseline : higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
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
        s.put("wait", wait);
        s.put("stopped_epoch", stoppedEpoch);
        s.put("best", Monitors.toJson(best));
        s.put("best_epoch", bestEpoch);
        return s;
    }

    @Override
    public void restoreState(Map<String, Object> state) {
        lastEpoch = Monitors.epochOf(state);
        wait = Monitors.intOf(state, "wait");
        stoppedEpoch = Monitors.intOf(state, "stopped_epoch");
        best = Monitors.fromJson(state.get("best"));
        bestEpoch = Monitors.intOf(state, "best_epoch");
        if (restoreBestWeights && model != null) {
            bestWeights = copy(model.getWeights());
            if (bestEpoch >= 0 && bestEpoch != lastEpoch) {
                out.println("WARNING: EarlyStopping resumes with restore_best_weights, but the weights of its best"
                        + " epoch (" + (bestEpoch + 1) + ") are not in the checkpoint; the weights resumed from (epoch "
                        + (lastEpoch + 1) + ") stand in for them.");
            }
        }
    }

    private boolean improves(double current, double reference) {
        return higherIsBetter ? current - minDelta > reference : current + minDelta < reference;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        update(epoch, logs);
        lastEpoch = epoch;
        model.callbackStates().put(stateKey(), state());
    }

    private void update(int epoch, Map<String, Double> logs) {
        Double current = logs.get(monitor);
        if (current == null) {
            out.println("WARNING: Early stopping conditioned on metric `" + monitor
                    + "` which is not available. Available metrics are: " + String.join(",", logs.keySet()));
            return;
        }
        if (restoreBestWeights && bestWeights == null) {
            bestWeights = copy(model.getWeights());
        }
        if (improves(current, best)) {
            best = current;
            bestEpoch = epoch;
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = copy(model.getWeights());
            }
        } else {
            wait++;
            if (wait >= patience) {
                stoppedEpoch = epoch;
                model.stopTraining(true);
            }
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (stoppedEpoch > 0 && verbose > 0) {
            out.printf(Locale.ROOT, "Epoch %05d: early stopping%n", stoppedEpoch + 1);
        }
        if (restoreBestWeights && bestWeights != null) {
            if (verbose > 0) {
                out.println("Restoring model weights from the end of the best epoch"
                        + (bestEpoch >= 0 ? " (" + (bestEpoch + 1) + ")." : "."));
            }
            model.setWeights(bestWeights);
        }
    }

    private static List<INDArray> copy(List<INDArray> ws) {
        return ws.stream().map(INDArray::dup).toList();
    }
}
