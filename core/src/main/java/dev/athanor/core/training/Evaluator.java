package dev.athanor.core.training;

import dev.athanor.core.Internal;

import dev.athanor.core.Model;
import dev.athanor.core.NoGrad;
import dev.athanor.core.Tensor;

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
        Map<String, Double> logs = evaluateLogs(c, xs, ys, null, batchSize, "");
        List<String> keys = c.logKeys(model.outputNames(), List.of(), false);
        double[] out = new double[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            out[i] = logs.getOrDefault(keys.get(i), Double.NaN);
        }
        return out;
    }

    Map<String, Double> evaluateLogs(Compiled c, List<INDArray> xs, List<INDArray> ys, INDArray weights,
                                     int batchSize, String prefix) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0. Received: batchSize=" + batchSize);
        }
        int n = DataChecks.check(model, xs, ys, "x", "y");
        RunningMeans means = new RunningMeans();
        StepPlan plan = ys == null ? null : StepPlan.forEvaluation(model, c);
        try (NoGrad ignored = NoGrad.open()) {
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                List<INDArray> by = Batches.range(ys, from, to);
                INDArray bw = weights == null ? null : Batches.range(weights, from, to);
                List<INDArray> bx = Batches.range(xs, from, to);
                Objective obj = plan != null && plan.covers(bx.get(0), by.get(0), bw)
                        ? Objective.planned(plan.evaluate(bx.get(0), by.get(0)))
                        : Objective.compute(model, c, bx, by, bw, false);
                accumulate(model, c, obj, by, bw, to - from, means);
            }
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
                Tensor yTrue = Tensor.of(ys.get(m.output()));
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
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0. Received: batchSize=" + batchSize);
        }
        int n = DataChecks.check(model, xs, null, "x", "y");
        StepPlan plan = StepPlan.forPrediction(model);
        if (plan != null && plan.covers(xs.get(0), null, null)) {
            INDArray result = plan.predictionArray(n);
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                plan.predictInto(Batches.range(xs, from, to).get(0), result, from);
            }
            return List.of(result);
        }
        List<List<INDArray>> parts = new ArrayList<>();
        try (NoGrad ignored = NoGrad.open()) {
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                List<Tensor> in = new ArrayList<>();
                for (INDArray x : Batches.range(xs, from, to)) {
                    in.add(Tensor.of(x));
                }
                List<Tensor> outs = model.call(in, false);
                List<INDArray> values = new ArrayList<>();
                for (Tensor t : outs) {
                    values.add(t.value());
                }
                parts.add(values);
            }
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
}
