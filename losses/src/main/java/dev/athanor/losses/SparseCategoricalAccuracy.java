package dev.athanor.losses;

import dev.athanor.core.Tensor;
import java.util.List;

/**
 * Sparse categorical accuracy, per sample: {@code yTrue == argmax(yPred)}, 1 or 0; targets are
 * class indices of shape {@code [batch]} or {@code [batch, 1]}. Higher is better.
 *
 * <p>Source: tf.keras 2.6 {@code keras/metrics.py}, {@code sparse_categorical_accuracy}. Names:
 * {@code SparseCategoricalAccuracy}, {@code sparse_categorical_accuracy}.
 */
public final class SparseCategoricalAccuracy extends KerasMetric {

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        requireInputs(registryName(), yTrue, yPred);
        Tensor t = Targets.sparse(registryName(), yTrue, yPred);
        double[] y = Rows.flat(t.value());
        double[][] p = Rows.of(yPred.value());
        double[] out = new double[p.length];
        for (int r = 0; r < p.length; r++) {
            out[r] = y[r] == Rows.argmax(p[r]) ? 1.0 : 0.0;
        }
        return Tensor.of(Rows.result(out, yPred.shape(), yPred.value().dataType()));
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public String registryName() {
        return "SparseCategoricalAccuracy";
    }

    @Override
    public List<String> aliases() {
        return List.of("sparse_categorical_accuracy");
    }
}
