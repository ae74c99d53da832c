package dev.athanor.cli;

import dev.athanor.core.Model;
import dev.athanor.losses.Utils;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Integer class labels given where the model wants one-hot targets. Rule: when y is a vector (or
 * one column) of whole numbers, the model has one output of k > 1 units, and its loss is not a
 * {@code sparse_*} one, y becomes {@code toCategorical(y, k)}. Anything else is passed as given.
 */
final class Targets {

    private Targets() {
    }

    /** The targets to pass to fit/evaluate, and a note when they were converted (else null). */
    record Prepared(INDArray y, String note) {
    }

    static Prepared prepare(INDArray y, Model model) {
        if (y == null || model.outputShapes().size() != 1) {
            return new Prepared(y, null);
        }
        long[] out = model.outputShapes().get(0);
        long k = out[out.length - 1];
        boolean vector = y.rank() == 1 || (y.rank() == 2 && y.size(1) == 1);
        List<String> losses = model.isCompiled() ? model.lossNames() : List.of();
        boolean sparse = losses.stream().anyMatch(n -> n != null && n.startsWith("sparse_"));
        if (!vector || k <= 1 || sparse || !wholeNumbers(y)) {
            return new Prepared(y, null);
        }
        INDArray labels = y.reshape(y.length()).castTo(DataType.INT32);
        INDArray oneHot = Utils.toCategorical(labels, (int) k);
        return new Prepared(oneHot, "y holds class labels; one-hot encoded to " + k + " classes for the model's output.");
    }

    private static boolean wholeNumbers(INDArray y) {
        double[] v = y.castTo(DataType.DOUBLE).data().asDouble();
        for (double d : v) {
            if (d != Math.rint(d) || d < 0) {
                return false;
            }
        }
        return true;
    }
}
