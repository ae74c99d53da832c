package dev.athanor.core.training;

import dev.athanor.core.Backend;
import dev.athanor.core.Internal;

import dev.athanor.core.AddedLosses;
import dev.athanor.core.Loss;
import dev.athanor.core.Model;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;

import dev.athanor.core.layers.Layer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One batch's forward pass and loss, shared by training and evaluation: per-output losses reduced
 * as Keras's SUM_OVER_BATCH_SIZE (sum of weighted per-sample losses divided by the number of
 * values), weighted by the loss weights, plus the terms layers add and the weight penalties. An
 * output's Keras mask weights its per-step losses ({@link OutputMasks}).
 */
@Internal
public final class Objective {

    final List<Tensor> outputs;
    final Tensor total;
    final List<Tensor> outputLosses;
    final Map<String, Tensor> addedMetrics;
    /** Each output's Keras mask, or null (see {@link OutputMasks}). */
    final List<INDArray> outputMasks;

    private Objective(List<Tensor> outputs, List<INDArray> masks, Tensor total, List<Tensor> outputLosses,
                      Map<String, Tensor> added) {
        this.outputs = outputs;
        this.outputMasks = masks;
        this.total = total;
        this.outputLosses = outputLosses;
        this.addedMetrics = added;
    }

    static Objective compute(Model model, Compiled c, List<INDArray> xs, List<INDArray> ys, INDArray weights,
                             boolean training) {
        List<Tensor> inputs = new ArrayList<>(xs.size());
        for (INDArray x : xs) {
            inputs.add(Tensor.of(x));
        }
        try (AddedLosses added = AddedLosses.collect()) {
            List<INDArray> masks = new ArrayList<>();
            List<Tensor> outs = model.call(inputs, training, masks);
            Tensor total = null;
            List<Tensor> perOutput = new ArrayList<>();
            for (int i = 0; i < outs.size(); i++) {
                Loss loss = c.losses.get(i);
                if (loss == null) {
                    perOutput.add(null);
                    continue;
                }
                if (ys == null || ys.size() <= i || ys.get(i) == null) {
                    throw new IllegalArgumentException("Output '" + model.outputNames().get(i)
                            + "' has a loss but no targets were given (y is missing).");
                }
                Tensor perSample = loss.call(Tensor.of(Backend.castToFloatx(ys.get(i))), outs.get(i));
                INDArray mask = masks.get(i);
                Tensor reduced = mask == null ? reduce(perSample, weights, model.outputNames().get(i))
                        : OutputMasks.reduceLoss(perSample, mask, weights, model.outputNames().get(i));
                perOutput.add(reduced);
                Tensor term = c.lossWeights.get(i) == 1.0 ? reduced : reduced.mul(c.lossWeights.get(i));
                total = total == null ? term : total.add(term);
            }
            for (Tensor t : added.losses()) {
                Tensor s = t.rank() == 0 ? t : t.mean();
                total = total == null ? s : total.add(s);
            }
            for (Layer l : model.layers()) {
                for (Tensor p : l.regularizationLosses()) {
                    total = total == null ? p : total.add(p);
                }
            }
            if (total == null) {
                throw new IllegalStateException("Model '" + model.name() + "' has nothing to minimize: compile"
                        + " it with a loss, or add loss terms in a layer with addLoss(...).");
            }
            // Keep the order layers added them in: it is the order of the log keys and of History.
            return new Objective(outs, masks, total, perOutput,
                    Collections.unmodifiableMap(new LinkedHashMap<>(added.metrics())));
        }
    }

    /** The objective of a planned (compiled) batch: one output, its mean loss, nothing added. */
    static Objective planned(StepPlan.Result r) {
        Tensor loss = Tensor.of(Nd4j.scalar((float) r.loss()));
        List<Tensor> one = new ArrayList<>(1);
        one.add(loss);
        List<INDArray> noMask = new ArrayList<>(1);
        noMask.add(null);
        return new Objective(List.of(Tensor.of(r.output())), noMask, loss, one, Map.of());
    }

    /**
     * Keras's SUM_OVER_BATCH_SIZE reduction with optional per-sample weights: the weighted values'
     * sum over their count. Without weights any shape is averaged. With weights the loss must keep
     * the batch axis first: a {@code [batch, ...]} loss has each sample's values weighted by its
     * weight. A scalar loss is refused: one value for the whole batch cannot be weighted per sample
     * (Keras 3 multiplies it by the batch's mean weight, which for {@code class_weight} is not a
     * class weighting at all), and a loss whose first axis is not the batch is named with both shapes.
     */
    static Tensor reduce(Tensor perSample, INDArray weights, String output) {
        if (weights == null) {
            return perSample.mean();
        }
        if (perSample.rank() == 0) {
            throw new IllegalArgumentException("The loss of output '" + output + "' returned one value for the whole"
                    + " batch (shape ()), so sample_weight / class_weight cannot weight its samples. Return one loss"
                    + " per sample (shape (batch,), as Keras's losses do: reduce over the last axis only, not over"
                    + " the batch), or train without sample and class weights.");
        }
        long batch = weights.length();
        if (perSample.shape()[0] != batch) {
            throw new IllegalArgumentException("The loss of output '" + output + "' returned shape "
                    + Shapes.describe(perSample.shape()) + " for a batch of " + batch + " samples, so sample_weight"
                    + " / class_weight cannot weight its samples: its first axis must be the batch. Return one loss"
                    + " per sample (shape (" + batch + ",)).");
        }
        long[] shape = new long[perSample.rank()];
        Arrays.fill(shape, 1);
        shape[0] = batch;
        Tensor w = Tensor.of(weights.reshape(shape).castTo(perSample.value().dataType()));
        return perSample.mul(w).sum().div(perSample.value().length());
    }
}
