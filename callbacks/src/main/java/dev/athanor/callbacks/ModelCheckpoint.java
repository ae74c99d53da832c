package dev.athanor.callbacks;

import dev.athanor.core.AtomicFiles;
import dev.athanor.core.Callback;
import dev.athanor.core.Config;
import dev.athanor.core.FitParams;
import dev.athanor.core.Model;
import dev.athanor.core.ModelFormat;
import dev.athanor.core.SaveOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's {@code ModelCheckpoint(filepath, monitor="val_loss", verbose=0, save_best_only=False,
 * save_weights_only=False, mode="auto", save_freq="epoch", period=1)}: saves the model (or its
 * weights) during training.
 *
 * <p><b>File name.</b> {@code filepath} is a Python {@code str.format} template over {@code epoch}
 * (1-based), and the logs of the epoch ({@code loss}, metrics, {@code val_*}); with
 * {@link #saveFreq(int)} also {@code batch} (1-based within the epoch). It is parsed when set
 * ({@link PyFormat}); when the fit starts ({@link #setParams}) every key it uses and
 * {@link #monitor} (when {@code saveBestOnly}) are checked against the keys this fit will log, and
 * an {@link IllegalArgumentException} lists those keys. Folders in the path are created.
 *
 * <p><b>What is saved.</b> Every {@link #period} epochs (default 1), or every {@link #saveFreq}
 * training batches when that is set (batches counted across epochs; {@code period} is then
 * ignored, as in Keras). With {@code saveBestOnly} only when the monitored value improves on the
 * best seen so far (strictly: {@code <} in mode min, {@code >} in mode max; mode "auto" takes the
 * metric's declared direction from {@link FitParams#isHigherBetter}). With {@code verbose > 0} it
 * prints Keras's messages ({@code Epoch 00003: val_loss improved from 0.50000 to 0.40000, saving
 * model to ...}).
 *
 * <p><b>Atomic.</b> The model is written to a temporary file beside the target (same extension,
 * so the same format) and then renamed over it, so a crash or an exception midway never leaves a
 * truncated file nor removes the previous best: the target is replaced only once the new file is
 * complete. This holds whatever the format does.
 *
 * <p><b>Resume.</b> Before a full-model save the callback's state (best value, epochs and batches
 * since the last save) is put into {@link Model#callbackStates()} under {@link #stateKey()}, so it is
 * written into the file; when training resumes from that file, a ModelCheckpoint with the same
 * filepath and monitor restores it (in {@link #setModel} and {@link #onTrainBegin}), so that a worse
 * model never overwrites the best one after a restart.
 */
public class ModelCheckpoint implements Callback {

    private PyFormat filepath;
    private String monitor = "val_loss";
    private int verbose = 0;
    private boolean saveBestOnly = false;
    private boolean saveWeightsOnly = false;
    private String mode = "auto";
    private int period = 1;
    private int saveFreq = 0; // 0: "epoch"

    private Model model;
    private FitParams params;
    /** Where verbose messages go: the fit's output stream (System.out until a fit starts). */
    private PrintStream out = System.out;
    private boolean higherIsBetter;
    private double best = Double.NaN; // NaN: nothing seen yet
    private int epochsSinceLastSave;
    private int batchesSinceLastSave;
    private int currentEpoch;
    private boolean restored;
    private final List<Path> saved = new ArrayList<>();

    /** For the registry; {@code filepath} must be configured. */
    public ModelCheckpoint() {
    }

    /** A checkpoint writing to the {@code filepath} template, e.g. {@code "ckpt/{epoch:02d}-{val_loss:.2f}.h5"}. */
    public ModelCheckpoint(String filepath) {
        filepath(filepath);
    }

    @Override
    public String registryName() {
        return "ModelCheckpoint";
    }

    /** The file-name template (Python str.format; parsed now, checked against the fit's keys at fit). */
    public ModelCheckpoint filepath(String template) {
        this.filepath = new PyFormat(template);
        return this;
    }

    /** The log key watched by {@code saveBestOnly} (default "val_loss"). */
    public ModelCheckpoint monitor(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("ModelCheckpoint monitor must be a log key such as 'val_loss'.");
        }
        this.monitor = value;
        return this;
    }

    /** 0 silent, 1 prints a line per save decision (default 0). */
    public ModelCheckpoint verbose(int value) {
        this.verbose = value;
        return this;
    }

    /** Save only when the monitored value improves (default false). */
    public ModelCheckpoint saveBestOnly(boolean value) {
        this.saveBestOnly = value;
        return this;
    }

    /** Save only the weights ({@code model.saveWeights}) instead of the full model (default false). */
    public ModelCheckpoint saveWeightsOnly(boolean value) {
        this.saveWeightsOnly = value;
        return this;
    }

    /** "auto" (default), "min" or "max". */
    public ModelCheckpoint mode(String value) {
        this.mode = Monitors.mode("ModelCheckpoint", value);
        return this;
    }

    /** Epochs between saves (default 1; Keras's deprecated {@code period}). */
    public ModelCheckpoint period(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("ModelCheckpoint period must be >= 1. Received: period=" + value);
        }
        this.period = value;
        return this;
    }

    /** Save every {@code n} training batches instead of at epoch ends; 0 means Keras's "epoch" (default). */
    public ModelCheckpoint saveFreq(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("ModelCheckpoint save_freq must be 'epoch' or a positive integer. "
                    + "Received: save_freq=" + n);
        }
        this.saveFreq = n;
        return this;
    }

    /** The template. */
    public String filepath() {
        return filepath == null ? null : filepath.template();
    }

    /** The best monitored value so far (±inf before the first). */
    public double best() {
        return Double.isNaN(best) ? (higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY) : best;
    }

    /** Files written by this callback, in order (for inspection). */
    public List<Path> savedFiles() {
        return List.copyOf(saved);
    }

    /** The key under which the state goes into {@link Model#callbackStates()}. */
    public String stateKey() {
        return "ModelCheckpoint[" + (filepath == null ? "" : filepath.template()) + "|" + monitor + "]";
    }

    // ------------------------------------------------------------------ config

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("filepath", filepath());
        c.put("monitor", monitor);
        c.put("verbose", verbose);
        c.put("save_best_only", saveBestOnly);
        c.put("save_weights_only", saveWeightsOnly);
        c.put("mode", mode);
        c.put("save_freq", saveFreq == 0 ? "epoch" : (Object) saveFreq);
        c.put("period", period);
        return c;
    }

    @Override
    public void configure(Config c) {
        String fp = c.getString("filepath", null);
        if (fp != null) {
            filepath(fp);
        }
        monitor(c.getString("monitor", monitor));
        verbose(c.getInt("verbose", verbose));
        saveBestOnly(c.getBoolean("save_best_only", saveBestOnly));
        saveWeightsOnly(c.getBoolean("save_weights_only", saveWeightsOnly));
        mode(c.getString("mode", mode));
        Object sf = c.get("save_freq");
        if (sf == null || "epoch".equals(sf)) {
            saveFreq(0);
        } else if (sf instanceof Number n) {
            saveFreq(n.intValue());
        } else {
            throw new IllegalArgumentException("Config key 'save_freq' of ModelCheckpoint must be 'epoch' or an integer. "
                    + "Received: save_freq=" + sf);
        }
        period(c.getInt("period", period));
        c.ignore("options");
        c.rejectUnknown();
    }

    // ------------------------------------------------------------------ state

    @Override
    public Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("best", Double.isNaN(best) ? null : best);
        s.put("epochs_since_last_save", epochsSinceLastSave);
        s.put("batches_since_last_save", batchesSinceLastSave);
        s.put("monitor", monitor);
        s.put("higher_is_better", higherIsBetter);
        return s;
    }

    @Override
    public void restoreState(Map<String, Object> state) {
        Object b = state.get("best");
        best = b instanceof Number n ? n.doubleValue() : Double.NaN;
        if (state.get("epochs_since_last_save") instanceof Number n) {
            epochsSinceLastSave = n.intValue();
        }
        if (state.get("batches_since_last_save") instanceof Number n) {
            batchesSinceLastSave = n.intValue();
        }
    }

    private void restoreFromModel() {
        if (restored || model == null) {
            return;
        }
        Map<String, Object> s = model.callbackStates().get(stateKey());
        if (s != null) {
            restoreState(s);
            restored = true;
        }
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void setModel(Model model) {
        if (this.model != model) {
            restored = false;
        }
        this.model = model;
        restoreFromModel();
    }

    @Override
    public void setParams(FitParams p) {
        out = p.out();
        if (filepath == null) {
            throw new IllegalArgumentException("ModelCheckpoint needs a filepath template.");
        }
        String template = filepath.template();
        if (template.endsWith("/") || template.endsWith(java.io.File.separator)) {
            throw new IllegalArgumentException("ModelCheckpoint filepath '" + template + "' names a folder; give a file"
                    + " name in it, such as '" + template + "{epoch:02d}.h5' (the extension picks the format).");
        }
        this.params = p;
        List<String> logKeys = p.logKeys();
        List<String> available = new ArrayList<>();
        available.add("epoch");
        if (saveFreq > 0) {
            available.add("batch");
            for (String k : logKeys) {
                if (!k.startsWith("val_")) {
                    available.add(k);
                }
            }
        } else {
            available.addAll(logKeys);
        }
        for (String key : filepath.keys()) {
            if (!available.contains(key)) {
                String hint = "";
                if (saveFreq > 0 && logKeys.contains(key)) {
                    hint = " ('" + key + "' exists only at epoch end, but save_freq=" + saveFreq + " saves after batches)";
                } else if (key.startsWith("val_") && logKeys.stream().noneMatch(k -> k.startsWith("val_"))) {
                    hint = " (val_* keys exist only when fit has validationData or validationSplit)";
                }
                throw new IllegalArgumentException("ModelCheckpoint filepath '" + filepath.template()
                        + "' uses key '" + key + "' which this fit will not log" + hint
                        + ". Keys available to the template: " + String.join(", ", available) + ".");
            }
        }
        for (String key : filepath.integerOnlyKeys()) {
            if (!key.equals("epoch") && !key.equals("batch")) {
                throw new IllegalArgumentException("ModelCheckpoint filepath '" + filepath.template() + "': '" + key
                        + "' is a float, so an integer format code (d, x, o, b) cannot format it; use e.g. {"
                        + key + ":.4f}.");
            }
        }
        if (saveBestOnly) {
            List<String> monitorKeys = available.subList(saveFreq > 0 ? 2 : 1, available.size());
            Monitors.requireKey("ModelCheckpoint", "monitor", monitor, monitorKeys);
        }
        higherIsBetter = Monitors.higherIsBetter(mode, monitor, p);
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        restoreFromModel();
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        currentEpoch = epoch;
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        if (saveFreq <= 0) {
            return;
        }
        batchesSinceLastSave++;
        if (batchesSinceLastSave >= saveFreq) {
            batchesSinceLastSave = 0;
            Map<String, Object> values = new LinkedHashMap<>(logs);
            values.put("epoch", currentEpoch + 1);
            values.put("batch", batch + 1);
            save(currentEpoch, values, logs);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochsSinceLastSave++;
        if (saveFreq > 0) {
            return;
        }
        if (epochsSinceLastSave >= period) {
            epochsSinceLastSave = 0;
            Map<String, Object> values = new LinkedHashMap<>(logs);
            values.put("epoch", epoch + 1);
            save(epoch, values, logs);
        }
    }

    private void save(int epoch, Map<String, Object> values, Map<String, Double> logs) {
        Path path = Path.of(filepath.format(values));
        String ep = String.format(Locale.ROOT, "%05d", epoch + 1);
        if (saveBestOnly) {
            Double current = logs.get(monitor);
            if (current == null) {
                out.println("WARNING: Can save best model only with " + monitor + " available, skipping.");
                return;
            }
            if (current.isNaN() || !improves(current)) {
                if (verbose > 0) {
                    out.printf(Locale.ROOT, "%nEpoch %s: %s did not improve from %s%n", ep, monitor, f5(best()));
                }
                return;
            }
            if (verbose > 0) {
                out.printf(Locale.ROOT, "%nEpoch %s: %s improved from %s to %s, saving model to %s%n",
                        ep, monitor, f5(best()), f5(current), path);
            }
            double previous = best;
            best = current;
            try {
                write(path);
            } catch (RuntimeException e) {
                best = previous; // the new best is not on disk: keep the old one as the reference
                throw e;
            }
        } else {
            if (verbose > 0) {
                out.printf(Locale.ROOT, "%nEpoch %s: saving model to %s%n", ep, path);
            }
            write(path);
        }
    }

    private static final PyFormat FIVE = new PyFormat("{v:.5f}");

    /** Python's {@code '%0.5f' % v} (inf, nan spelled as Python spells them). */
    private static String f5(double v) {
        return FIVE.format(Map.of("v", v));
    }

    private boolean improves(double current) {
        if (Double.isNaN(best)) {
            return true;
        }
        return higherIsBetter ? current > best : current < best;
    }

    /**
     * Writes the checkpoint through {@link AtomicFiles} (a temporary file beside the target, renamed
     * over it), whatever the format: a crash, or a format that fails midway, leaves the previous
     * checkpoint or the new one, never a part — also for plugin formats that do not write atomically.
     */
    private void write(Path path) {
        Path target = path.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            ModelFormat format = formatOf(target);
            if (!saveWeightsOnly) {
                model.callbackStates().put(stateKey(), state());
            }
            AtomicFiles.write(target, true, tmp -> {
                if (saveWeightsOnly) {
                    format.saveWeights(model, tmp);
                } else {
                    format.save(model, tmp, new SaveOptions().overwrite(true));
                }
            });
            saved.add(path);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    private ModelFormat formatOf(Path target) {
        String file = target.getFileName().toString();
        int dot = file.lastIndexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("ModelCheckpoint cannot tell the format of '" + file
                    + "': it has no extension. Use e.g. '.h5' for Keras's HDF5 format.");
        }
        return model.registries().formats().create(file.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
