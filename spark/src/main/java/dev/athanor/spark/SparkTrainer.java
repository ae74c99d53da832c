package dev.athanor.spark;

import dev.athanor.core.Callback;
import dev.athanor.core.FitParams;
import dev.athanor.core.History;
import dev.athanor.core.Model;
import dev.athanor.core.Variable;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * Synchronous data-parallel training of a compiled model on Spark.
 *
 * <pre>{@code
 * History h = new SparkTrainer(spark).numWorkers(4).batchSizePerWorker(32).epochs(10).seed(7)
 *         .fit(model, df, "features", "label");
 * }</pre>
 *
 * <p>One barrier stage of {@code numWorkers} tasks: the model (Keras config, fp32 weights, compile
 * settings and optimizer state, as {@code .h5} bytes) is broadcast once; the tasks exchange
 * {@code host:port} once; then at every step each task computes the gradient of its share of the
 * global batch ({@code numWorkers x batchSizePerWorker} rows), the tasks all-reduce the flat fp32
 * gradient over a ring of direct TCP connections (authenticated with a per-job secret), and every
 * task applies the same optimizer step. Without shuffling this is single-node training with the
 * global batch size, up to float summation order; with {@link #shuffle(boolean)} each task
 * shuffles its own partition every epoch.
 *
 * <p>The barrier stage is followed by a shuffle, so that Spark retries a failed attempt as a whole:
 * from the latest checkpoint ({@link #checkpointEvery}, {@link #checkpointDir}), else from the
 * broadcast model. Callbacks ({@link #callbacks}), validation and the progress bar run on the driver
 * after every epoch; they make every epoch a stage of its own. When {@link #fit} returns, the model
 * holds the trained weights and optimizer state.
 *
 * <p>Limits: one input and one output; the loss must be registered by name (the model travels as a
 * file).
 */
public final class SparkTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(SparkTrainer.class);

    private final SparkSession spark;
    private int numWorkers = 2;
    private int batchSizePerWorker = 32;
    private int epochs = 1;
    private boolean shuffle = false;
    private long seed = 0;
    private int portFrom = 0;
    private int portTo = 0;
    private long connectTimeoutMs = 120_000;
    private long ioTimeoutMs = 600_000;
    private int failRank = -1;
    private int failEpoch = 0;
    private final List<Callback> callbacks = new ArrayList<>();
    private int verbose = 0;
    private PrintStream out = System.out;
    private INDArray validationX;
    private INDArray validationY;
    private String checkpointDir;
    private int checkpointEvery = 0;
    private Mode mode = Mode.BARRIER;
    private int averagingFrequency = 5;
    private WorkerResult lastResult;

    /** How the workers combine their work. */
    public enum Mode {
        /** Gradients all-reduced every step in one barrier stage (the default): single-node equivalent. */
        BARRIER,
        /** Parameter averaging every {@link #averagingFrequency(int)} steps with ordinary tasks. */
        AVERAGING,
        /** BARRIER when the cluster allows it, else AVERAGING with a logged reason. */
        AUTO
    }

    public SparkTrainer(SparkSession spark) {
        this.spark = Objects.requireNonNull(spark, "spark");
    }

    /** Number of barrier tasks (replicas); the cluster needs this many free task slots at once. */
    public SparkTrainer numWorkers(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("numWorkers must be at least 1, got " + n + ".");
        }
        this.numWorkers = n;
        return this;
    }

    /** Rows each worker contributes to a step; the global batch is {@code numWorkers} times this. */
    public SparkTrainer batchSizePerWorker(int b) {
        if (b < 1) {
            throw new IllegalArgumentException("batchSizePerWorker must be at least 1, got " + b + ".");
        }
        this.batchSizePerWorker = b;
        return this;
    }

    public SparkTrainer epochs(int e) {
        if (e < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + e + ".");
        }
        this.epochs = e;
        return this;
    }

    /** Whether each worker shuffles its partition every epoch (seeded by seed, epoch and rank). Default false. */
    public SparkTrainer shuffle(boolean s) {
        this.shuffle = s;
        return this;
    }

    public SparkTrainer seed(long s) {
        this.seed = s;
        return this;
    }

    /** Ports the workers may listen on (inclusive); default: any free port. */
    public SparkTrainer portRange(int from, int to) {
        if (from < 1 || to < from || to > 65535) {
            throw new IllegalArgumentException("portRange must satisfy 1 <= from <= to <= 65535, got " + from + "-"
                    + to + ".");
        }
        this.portFrom = from;
        this.portTo = to;
        return this;
    }

    /** How long a worker waits for its ring neighbours to connect. Default 120 s. */
    public SparkTrainer connectTimeoutMs(long ms) {
        this.connectTimeoutMs = ms;
        return this;
    }

    /** How long a worker waits for data from its neighbour within a step. Default 600 s. */
    public SparkTrainer ioTimeoutMs(long ms) {
        this.ioTimeoutMs = ms;
        return this;
    }

    /** BARRIER (default), AVERAGING, or AUTO (barrier when possible, else averaging, logged). */
    public SparkTrainer mode(Mode m) {
        this.mode = Objects.requireNonNull(m, "mode");
        return this;
    }

    /** Steps each worker trains on its own between two averagings, in AVERAGING mode. Default 5. */
    public SparkTrainer averagingFrequency(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("averagingFrequency must be at least 1, got " + k + ".");
        }
        this.averagingFrequency = k;
        return this;
    }

    /**
     * Callbacks run on the driver after every epoch with the merged logs (and val_* logs with
     * {@link #validationData}), in the given order, as in {@code fit}: ModelCheckpoint, EarlyStopping,
     * CSVLogger, LearningRateScheduler and the like. The driver's model holds that epoch's weights and
     * optimizer state when they run, and a callback that calls {@code model.stopTraining(true)} stops
     * the remaining epochs. With callbacks, validation or {@code verbose > 0}, every epoch is one
     * barrier stage (the weights travel to the driver and back by broadcast between epochs); without,
     * all epochs run in one stage.
     */
    public SparkTrainer callbacks(Callback... cbs) {
        for (Callback cb : cbs) {
            this.callbacks.add(Objects.requireNonNull(cb, "callback"));
        }
        return this;
    }

    /** 0 (default): silent; 1: Keras's per-epoch progress bar on the driver; 2: one line per epoch. */
    public SparkTrainer verbose(int v) {
        if (v < 0 || v > 2) {
            throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + v + ".");
        }
        this.verbose = v;
        return this;
    }

    /** Where the progress bar prints (default System.out). */
    public SparkTrainer out(PrintStream stream) {
        this.out = Objects.requireNonNull(stream, "out");
        return this;
    }

    /** Validation arrays the driver evaluates after every epoch, adding val_* to the logs. */
    public SparkTrainer validationData(INDArray x, INDArray y) {
        this.validationX = Objects.requireNonNull(x, "validation x");
        this.validationY = Objects.requireNonNull(y, "validation y");
        return this;
    }

    /**
     * Rank 0 writes a checkpoint every {@code epochs} epochs into {@link #checkpointDir}; a retried
     * stage resumes from the latest one instead of starting again from the broadcast model.
     */
    public SparkTrainer checkpointEvery(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("checkpointEvery must be at least 1 epoch, got " + epochs + ".");
        }
        this.checkpointEvery = epochs;
        return this;
    }

    /**
     * Folder for the checkpoints, on storage every executor sees (a shared mount; a retried rank may
     * run on another machine): each fit writes {@code <dir>/<job id>/epoch-NNNN.h5} (a Keras .h5 with
     * the optimizer state) and keeps only the latest one.
     */
    public SparkTrainer checkpointDir(String dir) {
        this.checkpointDir = Objects.requireNonNull(dir, "checkpointDir");
        return this;
    }

    /** Test hook: rank {@code rank} throws at step 3 of epoch 0 during the stage's first attempt. */
    SparkTrainer failRankOnFirstAttempt(int rank) {
        return failRankOnFirstAttempt(rank, 0);
    }

    /** Test hook: rank {@code rank} throws at step 3 of {@code epoch} during the stage's first attempt. */
    SparkTrainer failRankOnFirstAttempt(int rank, int epoch) {
        this.failRank = rank;
        this.failEpoch = epoch;
        return this;
    }

    /** What rank 0 returned from the last barrier stage (null after averaging). */
    WorkerResult lastResult() {
        return lastResult;
    }

    /** Timings of the last fit on rank 0: step wall time, all-reduce time, steps. */
    public Map<String, Double> lastTimings() {
        if (lastResult == null) {
            return Map.of();
        }
        return Map.of("step_seconds", lastResult.stepNanos() / 1e9, "allreduce_seconds",
                lastResult.allReduceNanos() / 1e9, "steps", (double) lastResult.steps());
    }

    /**
     * Trains {@code model} on a DataFrame: {@code featuresCol} holds vectors or float/double arrays,
     * {@code labelCol} a number (a class index, one-hot encoded when the model's output is wider
     * than one and the loss is not a sparse one), a vector or an array.
     */
    public History fit(Model model, Dataset<Row> data, String featuresCol, String labelCol) {
        checkModel(model);
        if (mode == Mode.BARRIER) {
            checkSlots(); // fail before touching the data
        }
        Rows.checkVectorColumn(data.schema(), featuresCol, "features");
        Rows.checkLabelColumn(data.schema(), labelCol);
        int inWidth = width(model.inputs().get(0).shape(), "input");
        int outWidth = width(model.outputShapes().get(0), "output");
        String loss = model.lossNames().get(0);
        boolean oneHot = outWidth > 1 && !(loss != null && loss.startsWith("sparse_"));
        int yWidth = oneHot ? outWidth : -1;
        JavaRDD<Sample> samples = data.select(featuresCol, labelCol).javaRDD().zipWithIndex().map(t -> {
            Row row = t._1();
            String where = "row " + t._2();
            float[] x = Rows.floats(row.get(0), featuresCol, where);
            Rows.checkWidth(x, inWidth, featuresCol, where, "the model's input");
            float[] y = Rows.floats(row.get(1), labelCol, where);
            if (yWidth > 0 && y.length == 1) {
                int c = (int) y[0];
                if (c != y[0] || c < 0 || c >= yWidth) {
                    throw new IllegalArgumentException("Label " + y[0] + " in " + where + " is not a class index in [0, "
                            + yWidth + ") for the model's " + yWidth + "-wide output.");
                }
                y = new float[yWidth];
                y[c] = 1f;
            }
            return new Sample(x, y);
        });
        return fit(model, samples);
    }

    /** Trains on rows of (features, one target row per sample), in the RDD's order. */
    History fit(Model model, JavaRDD<Sample> samples) {
        checkModel(model);
        Mode chosen = resolveMode();
        JavaPairRDD<Long, Sample> indexed = samples.zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()));
        indexed.cache();
        long rows = indexed.count();
        GlobalBatches layout = new GlobalBatches(rows, numWorkers, batchSizePerWorker);
        if (layout.steps() == 0) {
            indexed.unpersist();
            throw new IllegalArgumentException("There are " + rows + " rows, fewer than the " + numWorkers
                    + " workers: nothing to train. Use more data or fewer workers.");
        }
        if (!layout.tailTrained() && layout.tailRows() > 0) {
            LOG.warn("The last {} rows of each epoch are skipped: a step needs at least one row per worker ({}).",
                    layout.tailRows(), numWorkers);
        }
        if (checkpointEvery > 0 && checkpointDir == null) {
            indexed.unpersist();
            throw new IllegalArgumentException("checkpointEvery is set but checkpointDir is not: give a folder on"
                    + " storage every executor sees.");
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<String> keys = logKeys(model);
        List<Callback> all = new ArrayList<>();
        if (verbose > 0) {
            all.add(new DriverProgress(out));
        }
        all.addAll(callbacks);
        History history = new History();
        all.add(history);
        boolean validation = validationX != null;
        List<String> fitKeys = new ArrayList<>(keys);
        if (validation) {
            for (String k : keys) {
                fitKeys.add("val_" + k);
            }
        }
        for (Callback cb : callbacks) {
            for (String k : cb.addedLogKeys()) {
                if (!fitKeys.contains(k)) {
                    fitKeys.add(k);
                }
            }
        }
        FitParams params = new FitParams(epochs, 0, layout.steps(), Math.toIntExact(rows), (int) layout.globalBatch(),
                verbose, fitKeys, directions(model, fitKeys), seed, out);
        for (Callback cb : all) {
            cb.setModel(model);
            cb.setParams(params);
        }
        // the driver sees an epoch's end only when its stage ends: one stage per epoch when anything watches
        int perStage = all.size() > 1 || validation ? 1 : epochs;
        String jobId = UUID.randomUUID().toString();
        JavaRDD<Sample> partitioned = indexed.repartitionAndSortWithinPartitions(layout).values();
        if (chosen == Mode.AVERAGING) {
            partitioned.cache();
        }
        model.stopTraining(false);
        lastResult = null;
        Map<String, Double> trainLogs = new LinkedHashMap<>();
        try {
            for (Callback cb : all) {
                cb.onTrainBegin(trainLogs);
            }
            for (int first = 0; first < epochs && !model.stopTrainingRequested(); first += perStage) {
                int end = Math.min(epochs, first + perStage);
                for (Callback cb : all) {
                    cb.onEpochBegin(first, new LinkedHashMap<>());
                }
                List<Map<String, Double>> logs = chosen == Mode.AVERAGING
                        ? Averaging.fit(jsc, model, partitioned, layout, first, end, epochs, averagingFrequency,
                                shuffle, seed, keys)
                        : barrierStage(jsc, model, partitioned, layout, first, end, jobId, keys);
                for (int e = first; e < end; e++) {
                    if (e > first) {
                        for (Callback cb : all) {
                            cb.onEpochBegin(e, new LinkedHashMap<>());
                        }
                    }
                    Map<String, Double> epochLogs = new LinkedHashMap<>(logs.get(e - first));
                    if (validation) {
                        double[] v = model.evaluate(validationX, validationY);
                        for (int k = 0; k < keys.size() && k < v.length; k++) {
                            epochLogs.put("val_" + keys.get(k), v[k]);
                        }
                    }
                    for (Callback cb : all) {
                        cb.onEpochEnd(e, epochLogs);
                    }
                }
            }
        } finally {
            partitioned.unpersist();
            indexed.unpersist();
        }
        for (Callback cb : all) {
            cb.onTrainEnd(trainLogs);
        }
        return history;
    }

    /** Runs epochs {@code [first, end)} as one barrier stage from the driver's model, and adopts the result. */
    private List<Map<String, Double>> barrierStage(JavaSparkContext jsc, Model model, JavaRDD<Sample> partitioned,
            GlobalBatches layout, int first, int end, String jobId, List<String> keys) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        TrainJob job = new TrainJob(ModelBytes.of(model), secret, layout, first, end, epochs, shuffle, seed, keys,
                portFrom, portTo, connectTimeoutMs, ioTimeoutMs, jobId, checkpointDir, checkpointEvery, failRank,
                failEpoch);
        Broadcast<TrainJob> broadcast = jsc.broadcast(job);
        try {
            JavaRDD<WorkerResult> results = JavaRDD.fromRDD(partitioned.rdd().barrier()
                    .mapPartitions(new TrainWorker(broadcast), false, ClassTag$.MODULE$.apply(WorkerResult.class)),
                    ClassTag$.MODULE$.apply(WorkerResult.class));
            // the shuffle makes the barrier stage a ShuffleMapStage, which Spark retries as a whole
            List<WorkerResult> out = results.repartition(1).collect();
            if (out.size() != 1) {
                throw new IllegalStateException("Expected one result from rank 0, got " + out.size() + ".");
            }
            lastResult = out.get(0);
        } finally {
            broadcast.destroy();
        }
        adopt(model, ModelBytes.load(lastResult.modelH5(), model.registries()));
        return lastResult.epochLogs();
    }

    /** Whether larger is better for each log key (from the compiled metrics; false for losses). */
    private static Map<String, Boolean> directions(Model model, List<String> keys) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (String k : keys) {
            String base = k.startsWith("val_") ? k.substring(4) : k;
            boolean higher = false;
            for (Object m : model.metricSpecs()) {
                if (m instanceof dev.athanor.core.Metric metric && base.equals(metric.registryName())) {
                    higher = metric.higherIsBetter();
                } else if (m instanceof String name && name.equals(base)) {
                    try {
                        higher = model.registries().metrics().create(name).higherIsBetter();
                    } catch (RuntimeException e) {
                        higher = false; // an unknown name fails at compile already; be safe here
                    }
                }
            }
            out.put(k, higher);
        }
        return out;
    }

    /** Copies trained weights and optimizer state into the caller's model. */
    static void adopt(Model model, Model trained) {
        model.setWeights(trained.getWeights());
        List<Variable> state = trained.optimizer().weights();
        if (!state.isEmpty()) {
            List<INDArray> values = new ArrayList<>();
            for (Variable v : state) {
                values.add(v.value());
            }
            model.optimizer().setWeights(model.trainableVariables(), values);
        }
    }

    private void checkModel(Model model) {
        if (!model.isCompiled()) {
            throw new IllegalStateException("Model '" + model.name() + "' is not compiled. Call compile(optimizer, loss)"
                    + " before training it on Spark.");
        }
        if (model.inputs().size() != 1 || model.outputs().size() != 1) {
            throw new IllegalArgumentException("SparkTrainer trains models with one input and one output; model '"
                    + model.name() + "' has " + model.inputs().size() + " inputs and " + model.outputs().size()
                    + " outputs.");
        }
    }

    private Mode resolveMode() {
        if (mode == Mode.AVERAGING) {
            return Mode.AVERAGING;
        }
        try {
            checkSlots();
            return Mode.BARRIER;
        } catch (IllegalStateException e) {
            if (mode == Mode.BARRIER) {
                throw e;
            }
            LOG.warn("Falling back to parameter averaging every {} steps: {}", averagingFrequency, e.getMessage());
            return Mode.AVERAGING;
        }
    }

    /** Barrier mode needs every worker running at once, and a fixed set of executors. */
    private void checkSlots() {
        SparkConf conf = spark.sparkContext().getConf();
        if (conf.getBoolean("spark.dynamicAllocation.enabled", false)) {
            throw new IllegalStateException("Barrier training cannot run with spark.dynamicAllocation.enabled=true:"
                    + " set it to false for this application.");
        }
        int taskCpus = conf.getInt("spark.task.cpus", 1);
        int slots = spark.sparkContext().defaultParallelism() / Math.max(1, taskCpus);
        if (slots < numWorkers) {
            throw new IllegalStateException("numWorkers is " + numWorkers + " but the cluster has only " + slots
                    + " task slots (spark.default.parallelism / spark.task.cpus = "
                    + spark.sparkContext().defaultParallelism() + " / " + taskCpus + "): barrier mode runs all"
                    + " workers at once. Lower numWorkers or add executors/cores.");
        }
    }

    private static List<String> logKeys(Model model) {
        List<String> keys = new ArrayList<>();
        keys.add("loss");
        for (Object m : model.metricSpecs()) {
            keys.add(m instanceof String s ? s : ((dev.athanor.core.Metric) m).registryName());
        }
        return keys;
    }

    private static int width(long[] shape, String what) {
        if (shape.length != 2 || shape[1] < 1) {
            throw new IllegalArgumentException("SparkTrainer reads one flat vector per row; the model's " + what
                    + " shape is " + java.util.Arrays.toString(shape) + ". Add a Reshape layer after a flat Input.");
        }
        return Math.toIntExact(shape[1]);
    }
}
