package dev.athanor.losses;

import dev.athanor.core.Tensor;
import java.util.List;

/**
 * Categorical accuracy, per sample: {@code argmax(yTrue) == argmax(yPred)} over the last axis,
 * 1 or 0 (the first index wins a tie, as in numpy and TensorFlow). Higher is better.
 *
 * <p>Source: tf.keras 2.6 {@code keras/metrics.py}, {@code categorical_accuracy}. Names:
 * {@code CategoricalAccuracy}, {@code categorical_accuracy}.
 */
public final class CategoricalAccuracy extends KerasMetric {

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        requireInputs(registryName(), yTrue, yPred);
        Tensor t = Targets.sameShape(registryName(), yTrue, yPred);
        double[][] y = Rows.of(t.value());
        double[][] p = Rows.of(yPred.value());
        double[] out = new double[p.length];
        for (int r = 0; r < p.length; r++) {
            out[r] = Rows.argmax(y[r]) == Rows.argmax(p[r]) ? 1.0 : 0.0;
        }
        return Tensor.of(Rows.result(out, yPred.shape(), yPred.value().dataType()));
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public String registryName() {
        return "CategoricalAccuracy";
    }

    @Override
    public List<String> aliases() {
        return List.of("categorical_accuracy");
    }
}
