package dev.athanor.core.training;

import dev.athanor.core.Backend;
import dev.athanor.core.Internal;

import dev.athanor.core.Model;
import dev.athanor.core.NoGrad;
import dev.athanor.core.Tensor;
import dev.athanor.core.data.Batch;
import dev.athanor.core.data.Dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Evaluation and prediction in batches, without gradient recording (thread-safe). */
@Internal
public final class Evaluator {

    private final Model model;

    public Evaluator(Model model) {
        this.model = model;
    }

    public double[] evaluate(Compiled c, List<INDArray> xs, List<INDArray> ys, int batchSize) {
        checkBatchSize(batchSize);
        DataChecks.check(model, xs, ys, "x", "y");
        return evaluate(c, new ArrayDataset(xs, ys, null, batchSize, null), 0);
    }

    /** Loss then metrics over a dataset: one pass, or {@code steps} batches when above 0. */
    public double[] evaluate(Compiled c, Dataset data, int steps) {
        Map<String, Double> logs = evaluateLogs(c, new BatchCursor(model, data, steps, null, true), 0, "");
        List<String> keys = c.logKeys(model.outputNames(), List.of(), false);
        double[] out = new double[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            out[i] = logs.getOrDefault(keys.get(i), Double.NaN);
        }
        return out;
    }

    /** One epoch of {@code data}'s batches, weighted by their sample weights; keys get {@code prefix}. */
    Map<String, Double> evaluateLogs(Compiled c, BatchCursor data, int epoch, String prefix) {
        RunningMeans means = new RunningMeans();
        StepPlan plan = StepPlan.forEvaluation(model, c);
        try (NoGrad ignored = NoGrad.open()) {
            data.beginEpoch(epoch);
            Batch batch;
            while ((batch = data.next()) != null) {
                INDArray bw = batch.sampleWeights();
                Objective obj = plan != null && plan.covers(batch.inputs(), batch.targets(), bw)
                        ? Objective.planned(plan.evaluate(batch.inputs().get(0), batch.targets().get(0), bw))
                        : Objective.compute(model, c, batch.inputs(), batch.targets(), bw, false);
                accumulate(model, c, obj, batch.targets(), bw, batch.size(), means);
            }
            data.endEpoch();
        } finally {
            data.close();
        }
        return means.means(prefix);
    }

    /** Adds one batch's loss, per-output losses, metrics and added metrics to the running means. */
    static void accumulate(Model model, Compiled c, Objective obj, List<INDArray> ys, INDArray weights,
                           double batch, RunningMeans means) {
        try (NoGrad ignored = NoGrad.open()) {
            means.add("loss", obj.total.item() * batch, batch);
            List<String> outNames = model.outputNames();
            if (outNames.size() > 1) {
                for (int i = 0; i < outNames.size(); i++) {
                    Tensor l = obj.outputLosses.get(i);
                    if (l != null) {
                        means.add(outNames.get(i) + "_loss", l.item() * batch, batch);
                    }
                }
            }
            for (NamedMetric m : c.metrics) {
                Tensor yTrue = Tensor.of(Backend.castToFloatx(ys.get(m.output())));
                Tensor yPred = Tensor.of(obj.outputs.get(m.output()).value());
                INDArray values = m.metric().call(yTrue, yPred).value();
                INDArray mask = obj.outputMasks.get(m.output());
                double[] masked = mask == null ? null : OutputMasks.metricSums(values, mask, weights);
                if (masked != null) {
                    means.add(m.key(), masked[0], masked[1]);
                    continue;
                }
                if (values.rank() > 1) {
                    values = values.reshape(values.size(0), values.length() / values.size(0)).mean(1);
                }
                if (weights == null) {
                    means.add(m.key(), values.sumNumber().doubleValue(), values.length());
                } else {
                    INDArray w = weights.reshape(values.length()).castTo(values.dataType());
                    means.add(m.key(), values.mul(w).sumNumber().doubleValue(), w.sumNumber().doubleValue());
                }
            }
            for (Map.Entry<String, Tensor> e : obj.addedMetrics.entrySet()) {
                double v = e.getValue().rank() == 0 ? e.getValue().item()
                        : e.getValue().value().meanNumber().doubleValue();
                means.add(e.getKey(), v * batch, batch);
            }
        }
    }

    public List<INDArray> predict(List<INDArray> xs, int batchSize) {
        checkBatchSize(batchSize);
        int n = DataChecks.check(model, xs, null, "x", "y");
        StepPlan plan = StepPlan.forPrediction(model);
        if (plan != null && plan.covers(xs, null, null)) {
            // Arrays: every batch's output goes straight into its rows of the one result array.
            INDArray result = plan.predictionArray(n);
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                plan.predictInto(Batches.range(xs, from, to).get(0), result, from);
            }
            return List.of(result);
        }
        return predict(new ArrayDataset(xs, null, null, batchSize, null), 0);
    }

    /** Every output for a dataset's inputs, batches concatenated: one pass, or {@code steps} batches. */
    public List<INDArray> predict(Dataset data, int steps) {
        BatchCursor cursor = new BatchCursor(model, data, steps, null, false);
        StepPlan plan = StepPlan.forPrediction(model);
        List<List<INDArray>> parts = new ArrayList<>();
        try (cursor; NoGrad ignored = NoGrad.open()) {
            cursor.beginEpoch(0);
            Batch batch;
            while ((batch = cursor.next()) != null) {
                if (plan != null && plan.covers(batch.inputs(), null, null)) {
                    INDArray x = batch.inputs().get(0);
                    INDArray out = plan.predictionArray(x.size(0));
                    plan.predictInto(x, out, 0);
                    parts.add(List.of(out));
                    continue;
                }
                List<Tensor> in = new ArrayList<>();
                for (INDArray x : batch.inputs()) {
                    in.add(Tensor.of(x));
                }
                List<Tensor> outs = model.call(in, false);
                List<INDArray> values = new ArrayList<>();
                for (Tensor t : outs) {
                    values.add(t.value());
                }
                parts.add(values);
            }
            cursor.endEpoch();
        }
        List<INDArray> result = new ArrayList<>();
        for (int k = 0; k < parts.get(0).size(); k++) {
            INDArray[] pieces = new INDArray[parts.size()];
            for (int b = 0; b < parts.size(); b++) {
                pieces[b] = parts.get(b).get(k);
            }
            result.add(pieces.length == 1 ? pieces[0].dup() : Nd4j.concat(0, pieces));
        }
        return result;
    }

    private static void checkBatchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0. Received: batchSize=" + batchSize);
        }
    }
}
