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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fit loop: validation split, per-epoch shuffling from (seed, epoch), batches, the gradient
 * step, running means of loss and metrics, validation, and the callback protocol.
 */
@Internal
public final class Trainer {

    private final Model model;
    private final Compiled compiled;
    private List<Variable> trainable;
    /** The compiled step when the model is covered, else null (every step eager). */
    private StepPlan plan;

    public Trainer(Model model, Compiled compiled) {
        this.model = model;
        this.compiled = compiled;
    }

    public History fit(List<INDArray> xs, List<INDArray> ys, FitOptions o) {
        int n = DataChecks.check(model, xs, ys, "x", "y");
        if (o.sampleWeight() != null && o.sampleWeight().length() != n) {
            throw new IllegalArgumentException("sampleWeight has " + o.sampleWeight().length()
                    + " entries but x has " + n + " samples.");
        }
        long seed = o.seed();
        int[] labels = ys == null ? null : Labels.of(ys.get(0));
        INDArray weights = SampleWeights.of(n, o.sampleWeight(), o.classWeight(), labels);

        List<INDArray> trainX = xs;
        List<INDArray> trainY = ys;
        INDArray trainW = weights;
        List<INDArray> valX = o.validationX();
        List<INDArray> valY = o.validationY();
        if (valX != null) {
            DataChecks.check(model, valX, valY, "validation x", "validation y");
        } else if (o.validationSplit() > 0) {
            ValidationSplitter.Parts parts = ValidationSplitter.split(n, o.validationSplit(), o.split(), labels, seed);
            trainX = Batches.rows(xs, parts.train());
            trainY = Batches.rows(ys, parts.train());
            trainW = weights == null ? null : Batches.rows(weights, parts.train());
            valX = Batches.rows(xs, parts.validation());
            valY = Batches.rows(ys, parts.validation());
        }
        int nTrain = Math.toIntExact(trainX.get(0).size(0));
        int batchSize = o.batchSize();
        int steps = (nTrain + batchSize - 1) / batchSize;
        boolean validation = valX != null;

        List<String> addedMetricNames = probeAddedMetrics(trainX, trainY);
        List<String> logKeys = new ArrayList<>(compiled.logKeys(model.outputNames(), addedMetricNames, validation));
        for (Callback cb : o.callbacks()) {
            for (String k : cb.addedLogKeys()) {
                if (!logKeys.contains(k)) {
                    logKeys.add(k);
                }
            }
        }
        FitParams params = new FitParams(o.epochs(), o.initialEpoch(), steps, nTrain, batchSize, o.verbose(),
                logKeys, compiled.directions(logKeys), seed, o.out());

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

        Map<String, Double> trainLogs = new LinkedHashMap<>();
        for (Callback cb : callbacks) {
            cb.onTrainBegin(trainLogs);
        }
        for (int epoch = o.initialEpoch(); epoch < o.epochs(); epoch++) {
            for (Callback cb : callbacks) {
                cb.onEpochBegin(epoch, new LinkedHashMap<>());
            }
            int[] order = o.shuffle() ? Permutations.of(nTrain, Seeds.forEpoch(seed, epoch, "shuffle")) : null;
            Random dropout = Seeds.forEpoch(seed, epoch, "dropout");
            RunningMeans means = new RunningMeans();
            for (int b = 0; b < steps; b++) {
                int from = b * batchSize;
                int to = Math.min(nTrain, from + batchSize);
                for (Callback cb : callbacks) {
                    cb.onBatchBegin(b, new LinkedHashMap<>());
                }
                List<INDArray> bx;
                List<INDArray> by;
                INDArray bw;
                if (order == null) {
                    bx = Batches.range(trainX, from, to);
                    by = Batches.range(trainY, from, to);
                    bw = trainW == null ? null : Batches.range(trainW, from, to);
                } else {
                    int[] idx = Batches.slice(order, from, to);
                    bx = Batches.rows(trainX, idx);
                    by = Batches.rows(trainY, idx);
                    bw = trainW == null ? null : Batches.rows(trainW, idx);
                }
                step(bx, by, bw, dropout, means);
                Map<String, Double> batchLogs = means.means("");
                for (Callback cb : callbacks) {
                    cb.onBatchEnd(b, batchLogs);
                }
                if (model.stopTrainingRequested()) {
                    break;
                }
            }
            Map<String, Double> logs = means.means("");
            if (validation) {
                logs.putAll(new Evaluator(model).evaluateLogs(compiled, valX, valY, null, batchSize, "val_"));
            }
            for (Callback cb : callbacks) {
                cb.onEpochEnd(epoch, logs);
            }
            if (model.stopTrainingRequested()) {
                break;
            }
        }
        for (Callback cb : callbacks) {
            cb.onTrainEnd(trainLogs);
        }
        return history;
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
        for (Variable v : trainable) {
            v.zeroGrad();
        }
        Objective obj;
        if (plan != null && ys != null && plan.covers(xs.get(0), ys.get(0), weights)) {
            obj = Objective.planned(plan.train(xs.get(0), ys.get(0)));
        } else {
            try (TrainingRandom scope = TrainingRandom.use(dropout)) {
                obj = Objective.compute(model, compiled, xs, ys, weights, true);
            }
            obj.total.backward();
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

    /** Runs one sample through the model to learn the names of metrics that layers add. */
    private List<String> probeAddedMetrics(List<INDArray> xs, List<INDArray> ys) {
        try (NoGrad ignored = NoGrad.open()) {
            Objective obj = Objective.compute(model, compiled, Batches.range(xs, 0, 1), Batches.range(ys, 0, 1),
                    null, false);
            return new ArrayList<>(obj.addedMetrics.keySet());
        } catch (IllegalStateException e) {
            return List.of();
        }
    }
}
