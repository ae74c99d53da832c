package dev.athanor.core.training;

import dev.athanor.core.Internal;

import dev.athanor.core.Callback;
import dev.athanor.core.FitOptions;
import dev.athanor.core.FitParams;
import dev.athanor.core.History;
import dev.athanor.core.Model;
import dev.athanor.core.NoGrad;
import dev.athanor.core.Seeds;
import dev.athanor.core.TrainingRandom;
import dev.athanor.core.Variable;
import dev.athanor.core.data.Batch;
import dev.athanor.core.data.Dataset;
import dev.athanor.core.ops.StepArena;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fit loop: batches from a {@link Dataset} (arrays become one, with the validation split and per-epoch
 * shuffling from (seed, epoch)), the gradient step, running means of loss and metrics, validation, and the
 * callback protocol.
 */
@Internal
public final class Trainer {

    private final Model model;
    private final Compiled compiled;
    private List<Variable> trainable;
    /** Whether this trainer's first eager step has checked that every trainable variable got a gradient. */
    private boolean gradientsChecked;
    /** The compiled step when the model is covered, else null (every step eager). */
    private StepPlan plan;

    public Trainer(Model model, Compiled compiled) {
        this.model = model;
        this.compiled = compiled;
    }

    /** Fits on arrays: the validation split is taken here, then the arrays are read as a {@link Dataset}. */
    public History fit(List<INDArray> xs, List<INDArray> ys, FitOptions o) {
        int n = DataChecks.check(model, xs, ys, "x", "y");
        if (o.sampleWeight() != null && o.sampleWeight().length() != n) {
            throw new IllegalArgumentException("sampleWeight has " + o.sampleWeight().length()
                    + " entries but x has " + n + " samples.");
        }
        long seed = o.seed();
        List<INDArray> trainX = xs;
        List<INDArray> trainY = ys;
        INDArray trainW = o.sampleWeight();
        List<INDArray> valX = o.validationX();
        List<INDArray> valY = o.validationY();
        if (valX != null) {
            DataChecks.check(model, valX, valY, "validation x", "validation y");
        } else if (o.validationSplit() > 0) {
            int[] labels = ys == null ? null : Labels.of(ys.get(0));
            ValidationSplitter.Parts parts = ValidationSplitter.split(n, o.validationSplit(), o.split(), labels, seed);
            trainX = Batches.rows(xs, parts.train());
            trainY = Batches.rows(ys, parts.train());
            trainW = trainW == null ? null : Batches.rows(trainW.reshape(n), parts.train());
            valX = Batches.rows(xs, parts.validation());
            valY = Batches.rows(ys, parts.validation());
        }
        ArrayDataset train = new ArrayDataset(trainX, trainY, trainW, o.batchSize(), o.shuffle() ? seed : null);
        Dataset val = valX == null ? null : new ArrayDataset(valX, valY, null, o.batchSize(), null);
        return run(new BatchCursor(model, train, o.stepsPerEpoch(), null, true), train.samples(), val, o);
    }

    /** Fits on a dataset; with {@code shuffle} on, its batch order is shuffled per pass (as Keras does). */
    public History fit(Dataset train, FitOptions o) {
        if (o.validationSplit() > 0) {
            throw new IllegalArgumentException("validationSplit is only supported for array inputs. For a Dataset,"
                    + " pass validation batches with validationData(dataset).");
        }
        if (o.sampleWeight() != null) {
            throw new IllegalArgumentException("sampleWeight is only supported for array inputs. For a Dataset,"
                    + " return the weights in each Batch.");
        }
        Dataset val = o.validationDataset();
        if (val == null && o.validationX() != null) {
            DataChecks.check(model, o.validationX(), o.validationY(), "validation x", "validation y");
            val = new ArrayDataset(o.validationX(), o.validationY(), null, o.batchSize(), null);
        }
        Long order = o.shuffle() ? o.seed() : null;
        return run(new BatchCursor(model, train, o.stepsPerEpoch(), order, true), -1, val, o);
    }

    /** The one training loop, over batches from {@code data}. */
    private History run(BatchCursor data, int samples, Dataset valData, FitOptions o) {
        long seed = o.seed();
        boolean validation = valData != null;
        BatchCursor val = validation ? new BatchCursor(model, valData, o.validationSteps(), null, true) : null;

        List<String> addedMetricNames = probeAddedMetrics(data);
        List<String> logKeys = new ArrayList<>(compiled.logKeys(model.outputNames(), addedMetricNames, validation));
        for (Callback cb : o.callbacks()) {
            for (String k : cb.addedLogKeys()) {
                if (!logKeys.contains(k)) {
                    logKeys.add(k);
                }
            }
        }
        FitParams params = new FitParams(o.epochs(), o.initialEpoch(), data.steps(), samples, o.batchSize(),
                o.verbose(), logKeys, compiled.directions(logKeys), seed, o.out());

        History history = new History();
        List<Callback> callbacks = new ArrayList<>();
        if (o.verbose() > 0) {
            callbacks.add(new ProgressBar(o.out()));
        }
        callbacks.addAll(o.callbacks());
        callbacks.add(history);
        for (Callback cb : callbacks) {
            cb.setModel(model);
            cb.setParams(params);
        }
        model.stopTraining(false);
        trainable = model.trainableVariables();
        plan = StepPlan.forTraining(model, compiled);
        if (plan != null) {
            data.gatherInto(plan);
        }

        Map<String, Double> trainLogs = new LinkedHashMap<>();
        for (Callback cb : callbacks) {
            cb.onTrainBegin(trainLogs);
        }
        try {
            for (int epoch = o.initialEpoch(); epoch < o.epochs(); epoch++) {
                for (Callback cb : callbacks) {
                    cb.onEpochBegin(epoch, new LinkedHashMap<>());
                }
                Random dropout = Seeds.forEpoch(seed, epoch, "dropout");
                RunningMeans means = new RunningMeans();
                data.beginEpoch(epoch);
                Batch batch;
                for (int b = 0; (batch = data.next()) != null; b++) {
                    for (Callback cb : callbacks) {
                        cb.onBatchBegin(b, new LinkedHashMap<>());
                    }
                    step(batch.inputs(), batch.targets(), weights(batch, o.classWeight()), dropout, means);
                    Map<String, Double> batchLogs = means.means("");
                    for (Callback cb : callbacks) {
                        cb.onBatchEnd(b, batchLogs);
                    }
                    if (model.stopTrainingRequested()) {
                        break;
                    }
                }
                data.endEpoch();
                Map<String, Double> logs = means.means("");
                if (validation) {
                    logs.putAll(new Evaluator(model).evaluateLogs(compiled, val, epoch, "val_"));
                }
                for (Callback cb : callbacks) {
                    cb.onEpochEnd(epoch, logs);
                }
                if (model.stopTrainingRequested()) {
                    break;
                }
            }
        } finally {
            StepArena.release(); // the steps' reused conv/pooling arrays are not kept after fit
            data.close(); // no prefetch thread outlives fit, whether it returns or throws
            if (val != null) {
                val.close();
            }
        }
        for (Callback cb : callbacks) {
            cb.onTrainEnd(trainLogs);
        }
        return history;
    }

    /** A batch's sample weights times its class weights (null when it has neither). */
    private static INDArray weights(Batch batch, Map<Integer, Double> classWeight) {
        if (batch.sampleWeights() == null && (classWeight == null || classWeight.isEmpty())) {
            return null;
        }
        int n = Math.toIntExact(batch.size());
        int[] labels = classWeight == null || classWeight.isEmpty() || batch.targets() == null ? null
                : Labels.of(batch.targets().get(0));
        return SampleWeights.of(n, batch.sampleWeights(), classWeight, labels);
    }

    public double[] trainOnBatch(List<INDArray> xs, List<INDArray> ys) {
        DataChecks.check(model, xs, ys, "x", "y");
        trainable = model.trainableVariables();
        plan = StepPlan.forTraining(model, compiled);
        RunningMeans means = new RunningMeans();
        step(xs, ys, null, new Random(Seeds.get()), means);
        List<String> keys = compiled.logKeys(model.outputNames(), List.of(), false);
        Map<String, Double> logs = means.means("");
        double[] out = new double[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            out[i] = logs.getOrDefault(keys.get(i), Double.NaN);
        }
        return out;
    }

    /** One gradient step; adds the batch's loss and metrics to {@code means}. */
    private void step(List<INDArray> xs, List<INDArray> ys, INDArray weights, Random dropout, RunningMeans means) {
        // conv/pooling results reuse the previous step's arrays; nothing of the step outlives it
        try (StepArena.Scope arena = StepArena.open()) {
            stepInArena(xs, ys, weights, dropout, means);
        }
    }

    private void stepInArena(List<INDArray> xs, List<INDArray> ys, INDArray weights, Random dropout,
                             RunningMeans means) {
        for (Variable v : trainable) {
            v.zeroGrad();
        }
        Objective obj;
        if (plan != null && ys != null && plan.covers(xs, ys, weights)) {
            obj = Objective.planned(plan.train(xs.get(0), ys.get(0), weights, dropout));
        } else {
            try (TrainingRandom scope = TrainingRandom.use(dropout)) {
                obj = Objective.compute(model, compiled, xs, ys, weights, true);
            }
            obj.total.backward();
            if (!gradientsChecked) {
                // A compiled step computes every gradient by construction; an eager one may be cut off.
                MissingGradients.check(trainable);
                gradientsChecked = true;
            }
        }
        compiled.optimizer.apply(trainable);
        for (Variable v : trainable) {
            if (v.constraint() != null) {
                INDArray c = v.constraint().apply(v.value());
                if (c != v.value()) {
                    v.value().assign(c);
                }
            }
        }
        double batch = xs.get(0).size(0);
        Evaluator.accumulate(model, compiled, obj, ys, weights, batch, means);
    }

    /** Runs one sample of the first batch through the model to learn the names of metrics that layers add. */
    private List<String> probeAddedMetrics(BatchCursor data) {
        Batch first = data.fetch(0);
        if (first == null) {
            return List.of();
        }
        try (NoGrad ignored = NoGrad.open()) {
            Objective obj = Objective.compute(model, compiled, Batches.range(first.inputs(), 0, 1),
                    Batches.range(first.targets(), 0, 1), null, false);
            return new ArrayList<>(obj.addedMetrics.keySet());
        } catch (IllegalStateException e) {
            return List.of();
        }
    }
}
