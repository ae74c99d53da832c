package dev.athanor.core.training;

import dev.athanor.core.Internal;

import dev.athanor.core.Model;
import dev.athanor.core.Shapes;

import dev.athanor.core.layers.InputLayer;
import dev.athanor.core.layers.LayerShapeException;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Argument checks for fit/evaluate: counts, lengths and shapes, with messages that say what to fix. */
@Internal
public final class DataChecks {

    private DataChecks() {
    }

    /** Checks and returns the sample count. */
    static int check(Model model, List<INDArray> xs, List<INDArray> ys, String xName, String yName) {
        if (xs == null || xs.isEmpty()) {
            throw new IllegalArgumentException(xName + " must hold at least one array. Received: " + xName + "=" + xs);
        }
        long n = xs.get(0).size(0);
        if (n == 0) {
            throw new IllegalArgumentException(xName + " is empty (0 samples); fit needs at least one sample.");
        }
        for (INDArray x : xs) {
            if (x.size(0) != n) {
                throw new IllegalArgumentException("All input arrays must have the same number of samples. Received "
                        + xName + " lengths " + xs.stream().map(a -> a.size(0)).toList() + ".");
            }
        }
        List<InputLayer> inputs = model.inputLayers();
        if (inputs.size() != xs.size()) {
            throw new IllegalArgumentException("Model '" + model.name() + "' has " + inputs.size()
                    + " input(s) but " + xs.size() + " " + xName + " array(s) were given.");
        }
        for (int i = 0; i < xs.size(); i++) {
            long[] expected = inputs.get(i).batchInputShape();
            long[] got = xs.get(i).shape().clone();
            got[0] = -1;
            if (!compatible(expected, got)) {
                throw new LayerShapeException(inputs.get(i).name(), expected, got,
                        "The data passed as " + xName + " does not match the model's input.");
            }
        }
        if (ys != null) {
            List<long[]> outShapes = model.outputShapes();
            if (ys.size() != outShapes.size()) {
                throw new IllegalArgumentException("Model '" + model.name() + "' has " + outShapes.size()
                        + " output(s) but " + ys.size() + " " + yName + " array(s) were given.");
            }
            for (int i = 0; i < ys.size(); i++) {
                INDArray y = ys.get(i);
                if (y == null) {
                    continue;
                }
                if (y.size(0) != n) {
                    throw new IllegalArgumentException(xName + " and " + yName + " must have the same number of"
                            + " samples. Received: " + xName + " has " + n + ", " + yName + " has " + y.size(0) + ".");
                }
                long[] expected = outShapes.get(i);
                long[] got = y.shape().clone();
                got[0] = -1;
                boolean sparseLabels = got.length <= 2 && (got.length == 1 || got[1] == 1) && expected.length == 2;
                if (!sparseLabels && !compatible(expected, got)) {
                    throw new LayerShapeException("Targets " + yName + " of shape " + Shapes.describe(got)
                            + " do not match output layer '" + model.outputNames().get(i) + "', whose output shape is "
                            + Shapes.describe(expected) + ". For categorical_crossentropy, one-hot encode the labels"
                            + " (Utils.toCategorical).");
                }
            }
        }
        return Math.toIntExact(n);
    }

    private static boolean compatible(long[] expected, long[] got) {
        if (expected == null) {
            return true;
        }
        if (expected.length != got.length) {
            return false;
        }
        for (int i = 1; i < got.length; i++) {
            if (expected[i] >= 0 && expected[i] != got[i]) {
                return false;
            }
        }
        return true;
    }
}
