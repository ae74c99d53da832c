package dev.athanor.callbacks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.athanor.callbacks.tensorboard.EventFileWriter;
import dev.athanor.callbacks.tensorboard.Summaries;
import dev.athanor.callbacks.tensorboard.proto.Event;
import dev.athanor.callbacks.tensorboard.proto.Summary;
import dev.athanor.core.Callback;
import dev.athanor.core.Config;
import dev.athanor.core.FitParams;
import dev.athanor.core.Model;
import dev.athanor.core.Sequential;
import dev.athanor.core.Variable;
import dev.athanor.core.layers.Layer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keras's {@code TensorBoard(log_dir="logs", histogram_freq=0, write_graph=True, write_images=False,
 * write_steps_per_second=False, update_freq="epoch", profile_batch=0)}: writes TensorBoard event
 * files that {@code tensorboard --logdir LOG_DIR} shows, laid out as Keras 3 lays them out.
 *
 * <ul>
 *   <li>{@code LOG_DIR/train/}: {@code epoch_<key>} scalars for every training log key at step =
 *       epoch (0-based), plus {@code epoch_learning_rate} (the optimizer's current rate); with
 *       {@code histogram_freq = n > 0}, a histogram of every weight each epoch divisible by n, tagged
 *       {@code <weight path>/histogram} (Keras 3's path: {@code <model>/<layer>/<weight>} in a
 *       Sequential, {@code <layer>/<weight>} in a functional model); with {@code write_graph}, at step 0,
 *       the model's Keras JSON under tag {@code keras} (TensorBoard's Graphs dashboard draws it as the
 *       model's conceptual graph) and the same JSON as text under tag {@code model_config} (Text
 *       dashboard; Keras writes only the former); with {@code update_freq} "batch" or n,
 *       {@code batch_<key>} scalars (running means, as the progress bar shows) at step = the fit's
 *       global batch number (from 1) when it is divisible by n.</li>
 *   <li>{@code LOG_DIR/validation/}: {@code epoch_<key>} for every {@code val_<key>} at step = epoch,
 *       preceded by {@code evaluation_<key>_vs_iterations} at step = the optimizer's iteration count.</li>
 * </ul>
 *
 * <p>Each fit writes new files ({@code events.out.tfevents.<time>.<host>.<pid>.<n>.v2}), never
 * overwriting earlier ones: two fits into one log folder show as one continuing run, as with Keras.
 * Events are appended and flushed at the end of every epoch (and after batch summaries), so a crash
 * leaves every earlier epoch readable.
 *
 * <p>Differences from Keras 3.15, on purpose: with {@code update_freq = n}, Keras skips the epoch
 * summaries of any epoch whose last global batch is not divisible by n (its {@code record_if} still
 * holds the batch step); Athanor always writes them. {@code profile_batch} is accepted and documented
 * as unsupported: a non-zero value logs a warning and nothing is profiled. {@code write_images} is not
 * supported: setting it fails the fit with a message. Embeddings ({@code embeddings_freq}) are not
 * offered.
 */
public class TensorBoard implements Callback {

    private static final Logger LOG = LoggerFactory.getLogger(TensorBoard.class);

    private String logDir = "logs";
    private int histogramFreq = 0;
    private boolean writeGraph = true;
    private boolean writeImages = false;
    private boolean writeStepsPerSecond = false;
    private Object updateFreq = "epoch";
    private int profileBatch = 0;

    private Model model;
    private int updateEvery;
    private EventFileWriter train;
    private EventFileWriter validation;
    private long globalBatch;
    private long epochStartNanos;
    private long batchStartNanos;
    private int batchesThisEpoch;

    /** Logs to {@code ./logs}, Keras's default. */
    public TensorBoard() {
    }

    /** Logs to {@code logDir}. */
    public TensorBoard(Path logDir) {
        this.logDir = logDir.toString();
    }

    /** Logs to {@code logDir}. */
    public TensorBoard(String logDir) {
        this.logDir = logDir;
    }

    @Override
    public String registryName() {
        return "TensorBoard";
    }

    /** The folder holding the {@code train/} and {@code validation/} runs (default "logs"). */
    public TensorBoard logDir(String v) {
        this.logDir = v;
        return this;
    }

    /** The log folder. */
    public String logDir() {
        return logDir;
    }

    /** Weight histograms every this many epochs (epochs 0, n, 2n, ...); 0 (default) writes none. */
    public TensorBoard histogramFreq(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("`histogram_freq` must be >= 0. Received: histogram_freq=" + v);
        }
        this.histogramFreq = v;
        return this;
    }

    /** Write the model's Keras config for the Graphs and Text dashboards (default true). */
    public TensorBoard writeGraph(boolean v) {
        this.writeGraph = v;
        return this;
    }

    /** Keras's weight images; not supported here (true fails the fit with a message). */
    public TensorBoard writeImages(boolean v) {
        this.writeImages = v;
        return this;
    }

    /** Also log {@code steps_per_second} (default false). */
    public TensorBoard writeStepsPerSecond(boolean v) {
        this.writeStepsPerSecond = v;
        return this;
    }

    /** "epoch" (default), "batch" (every batch), or write batch summaries every n batches. */
    public TensorBoard updateFreq(String v) {
        this.updateFreq = v;
        return this;
    }

    /** Batch summaries every {@code n} batches (n >= 1). */
    public TensorBoard updateFreq(int n) {
        this.updateFreq = n;
        return this;
    }

    /** Accepted for Keras compatibility; profiling is not supported (non-zero logs a warning). */
    public TensorBoard profileBatch(int v) {
        this.profileBatch = v;
        return this;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("log_dir", logDir);
        c.put("histogram_freq", histogramFreq);
        c.put("write_graph", writeGraph);
        c.put("write_images", writeImages);
        c.put("write_steps_per_second", writeStepsPerSecond);
        c.put("update_freq", updateFreq);
        c.put("profile_batch", profileBatch);
        return c;
    }

    @Override
    public void configure(Config c) {
        logDir(c.getString("log_dir", logDir));
        histogramFreq(c.getInt("histogram_freq", histogramFreq));
        writeGraph(c.getBoolean("write_graph", writeGraph));
        writeImages(c.getBoolean("write_images", writeImages));
        writeStepsPerSecond(c.getBoolean("write_steps_per_second", writeStepsPerSecond));
        if (c.has("update_freq")) {
            Object u = c.get("update_freq");
            if (u instanceof Number n) {
                updateFreq(n.intValue());
            } else {
                updateFreq(String.valueOf(u));
            }
        }
        profileBatch(c.getInt("profile_batch", profileBatch));
        c.rejectUnknown();
    }

    @Override
    public void setModel(Model model) {
        this.model = model;
    }

    @Override
    public void setParams(FitParams params) {
        if (logDir == null || logDir.isBlank()) {
            throw new IllegalArgumentException("TensorBoard needs a log_dir.");
        }
        updateEvery = parseUpdateFreq(updateFreq);
        if (writeImages) {
            throw new IllegalArgumentException("TensorBoard: write_images is not supported by Athanor; "
                    + "remove it (weight histograms: histogram_freq).");
        }
        if (profileBatch != 0) {
            LOG.warn("TensorBoard: profile_batch={} is ignored: Athanor has no profiler trace; "
                    + "use bench/ for performance measurements.", profileBatch);
        }
    }

    /** 0 for "epoch", else batch summaries every n batches. */
    static int parseUpdateFreq(Object v) {
        if (v instanceof Integer n) {
            if (n < 1) {
                throw new IllegalArgumentException(
                        "`update_freq` must be 'epoch', 'batch' or an integer >= 1. Received: update_freq=" + n);
            }
            return n;
        }
        String s = String.valueOf(v);
        if (s.equals("epoch")) {
            return 0;
        }
        if (s.equals("batch")) {
            return 1;
        }
        try {
            return parseUpdateFreq(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "`update_freq` must be 'epoch', 'batch' or an integer >= 1. Received: update_freq=" + s);
        }
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        closeWriters();
        globalBatch = 0;
        Path root = Path.of(logDir);
        try {
            train = EventFileWriter.create(root.resolve("train"));
            if (writeGraph) {
                String json = model.toJson();
                write(train, 0, Summaries.kerasModel(json));
                write(train, 0, Summaries.text("model_config", indentAsCode(json)));
            }
            train.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("TensorBoard cannot write to " + root.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Pretty JSON as a Markdown code block (4-space indent), how the Text dashboard shows code. */
    private static String indentAsCode(String json) {
        try {
            ObjectMapper m = new ObjectMapper();
            String pretty = m.writerWithDefaultPrettyPrinter().writeValueAsString(m.readTree(json));
            return "    " + pretty.replace("\n", "\n    ");
        } catch (IOException e) {
            throw new UncheckedIOException("TensorBoard: the model's JSON does not parse: " + e.getMessage(), e);
        }
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        epochStartNanos = System.nanoTime();
        batchesThisEpoch = 0;
    }

    @Override
    public void onBatchBegin(int batch, Map<String, Double> logs) {
        globalBatch++;
        batchStartNanos = System.nanoTime();
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        batchesThisEpoch++;
        if (updateEvery == 0 || globalBatch % updateEvery != 0) {
            return;
        }
        List<Summary.Value> values = new ArrayList<>();
        if (writeStepsPerSecond) {
            values.add(Summaries.scalar("batch_steps_per_second", 1e9 / Math.max(1, System.nanoTime() - batchStartNanos)));
        }
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            values.add(Summaries.scalar("batch_" + e.getKey(), e.getValue()));
        }
        try {
            for (Summary.Value v : values) {
                write(train, globalBatch, v);
            }
            train.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("TensorBoard cannot write " + train.path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Map<String, Double> trainLogs = new LinkedHashMap<>();
        Map<String, Double> valLogs = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            if (e.getKey().startsWith("val_")) {
                valLogs.put(e.getKey().substring(4), e.getValue());
            } else {
                trainLogs.put(e.getKey(), e.getValue());
            }
        }
        trainLogs.put("learning_rate", model.optimizer().learningRate());
        if (writeStepsPerSecond) {
            double seconds = (System.nanoTime() - epochStartNanos) / 1e9;
            trainLogs.put("steps_per_second", batchesThisEpoch / Math.max(seconds, 1e-9));
        }
        try {
            for (Map.Entry<String, Double> e : trainLogs.entrySet()) {
                write(train, epoch, Summaries.scalar("epoch_" + e.getKey(), e.getValue()));
            }
            if (histogramFreq > 0 && epoch % histogramFreq == 0) {
                writeHistograms(epoch);
            }
            train.flush();
            if (!valLogs.isEmpty()) {
                if (validation == null) {
                    validation = EventFileWriter.create(Path.of(logDir).resolve("validation"));
                }
                long iterations = model.optimizer().iterations();
                for (Map.Entry<String, Double> e : valLogs.entrySet()) {
                    write(validation, iterations,
                            Summaries.scalar("evaluation_" + e.getKey() + "_vs_iterations", e.getValue()));
                }
                for (Map.Entry<String, Double> e : valLogs.entrySet()) {
                    write(validation, epoch, Summaries.scalar("epoch_" + e.getKey(), e.getValue()));
                }
                validation.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("TensorBoard cannot write to " + Path.of(logDir).toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    private void writeHistograms(int epoch) throws IOException {
        String prefix = model instanceof Sequential ? model.name() + "/" : "";
        for (Layer layer : model.layers()) {
            for (Variable v : layer.variables()) {
                double[] data = v.value().castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
                write(train, epoch, Summaries.histogram(prefix + v.baseName() + "/histogram", data));
            }
        }
    }

    private static void write(EventFileWriter w, long step, Summary.Value value) throws IOException {
        w.write(Event.newBuilder().setWallTime(System.currentTimeMillis() / 1000.0).setStep(step)
                .setSummary(Summary.newBuilder().addValue(value)).build());
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        closeWriters();
    }

    private void closeWriters() {
        IOException failure = null;
        for (EventFileWriter w : new EventFileWriter[] {train, validation}) {
            if (w != null) {
                try {
                    w.close();
                } catch (IOException e) {
                    failure = e;
                }
            }
        }
        train = null;
        validation = null;
        if (failure != null) {
            throw new UncheckedIOException("TensorBoard cannot close its event files in " + logDir + ": "
                    + failure.getMessage(), failure);
        }
    }
}
