package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.athanor.core.NoGrad;
import dev.athanor.core.Tensor;
import dev.athanor.core.TrainingRandom;
import dev.athanor.core.Variable;
import dev.athanor.core.testing.GradientCheck;
import dev.athanor.core.testing.TestArrays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Helpers for the recurrent, embedding and masking tests: masked calls, masked gradient checks, JSON arrays. */
final class RecurrentTesting {

    private RecurrentTesting() {
    }

    /** Calls the layer (building it) with one mask for its first input; a fixed dropout generator per call. */
    static List<Tensor> call(Layer layer, boolean training, INDArray mask, List<Tensor> inputs) {
        List<INDArray> masks = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            masks.add(i == 0 ? mask : null);
        }
        try (TrainingRandom ignored = TrainingRandom.use(new Random(99))) {
            return layer.callOn(inputs, masks, training);
        }
    }

    /** Sum of all outputs, each weighted by fixed random weights: one scalar that depends on every output. */
    static Tensor objective(List<Tensor> outs) {
        Tensor total = null;
        for (int i = 0; i < outs.size(); i++) {
            Tensor o = outs.get(i);
            Tensor term = o.mul(Tensor.of(TestArrays.uniform(42 + i, 0.5, 1.5, o.shape()))).sum();
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    /** Finite-difference check of the gradient w.r.t. the inputs, through the mask. */
    static void checkInputGradient(Layer layer, boolean training, INDArray mask, INDArray... inputs) {
        GradientCheck.check(xs -> objective(call(layer, training, mask, xs)), inputs);
    }

    /** Finite-difference check of every trainable weight's gradient, through the mask. */
    static void checkWeightGradients(Layer layer, boolean training, INDArray mask, INDArray... inputs) {
        List<Tensor> xs = Arrays.stream(inputs).map(Tensor::of).toList();
        Supplier<Tensor> out = () -> objective(call(layer, training, mask, xs));
        eval(out); // builds the layer
        List<Variable> vars = layer.trainableWeights();
        if (vars.isEmpty()) {
            fail("layer has no trainable weights");
        }
        for (Variable v : vars) {
            v.zeroGrad();
        }
        out.get().backward();
        double h = 1e-6;
        for (Variable v : vars) {
            assertNotNull(v.grad(), v.name() + " received no gradient");
            INDArray analytic = v.grad().dup().reshape(v.value().length());
            INDArray flat = v.value().reshape(v.value().length());
            for (long i = 0; i < flat.length(); i++) {
                double orig = flat.getDouble(i);
                flat.putScalar(i, orig + h);
                double plus = eval(out);
                flat.putScalar(i, orig - h);
                double minus = eval(out);
                flat.putScalar(i, orig);
                double numeric = (plus - minus) / (2 * h);
                double a = analytic.getDouble(i);
                if (Math.abs(a - numeric) > 1e-7 + 1e-5 * Math.max(Math.abs(a), Math.abs(numeric))) {
                    fail("Gradient mismatch for " + v.name() + " element " + i + ": autodiff " + a
                            + " vs finite difference " + numeric);
                }
            }
            v.zeroGrad();
        }
    }

    private static double eval(Supplier<Tensor> out) {
        try (NoGrad ignored = NoGrad.open()) {
            return out.get().item();
        }
    }

    /** A nested JSON number array as a float64 array of the same shape. */
    static INDArray array(JsonNode node) {
        List<Long> shape = new ArrayList<>();
        JsonNode n = node;
        while (n.isArray()) {
            shape.add((long) n.size());
            n = n.size() > 0 ? n.get(0) : null;
            if (n == null) {
                break;
            }
        }
        List<Double> values = new ArrayList<>();
        flatten(node, values);
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        long[] s = shape.stream().mapToLong(Long::longValue).toArray();
        return s.length == 0 ? Nd4j.scalar(v[0]) : Nd4j.create(v, s, 'c').castTo(DataType.DOUBLE);
    }

    private static void flatten(JsonNode node, List<Double> out) {
        if (node.isArray()) {
            for (JsonNode c : node) {
                flatten(c, out);
            }
        } else {
            out.add(node.asDouble());
        }
    }

    /** A float64 mask {@code [batch, steps]} from rows of 0/1. */
    static INDArray mask(double[][] rows) {
        return Nd4j.create(rows).castTo(DataType.DOUBLE);
    }
}
