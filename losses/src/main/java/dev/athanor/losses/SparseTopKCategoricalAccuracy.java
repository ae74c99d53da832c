package dev.athanor.losses;

import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Sparse top-k categorical accuracy, per sample: 1 when fewer than {@code k} scores of
 * {@code yPred} are strictly greater than {@code yPred[yTrue]} (ties at the boundary count as in,
 * as {@code tf.math.in_top_k}); targets are class indices of shape {@code [batch]} or
 * {@code [batch, 1]}. Higher is better.
 *
 * <p>Source: tf.keras 2.6 {@code keras/metrics.py}, {@code sparse_top_k_categorical_accuracy}.
 * Names: {@code SparseTopKCategoricalAccuracy}, {@code sparse_top_k_categorical_accuracy}. Config:
 * {@code k} (5).
 */
public final class SparseTopKCategoricalAccuracy extends KerasMetric {

    private int k = 5;

    /** Keras's default {@code k = 5}. */
    public SparseTopKCategoricalAccuracy() {
    }

    /** How many of the largest scores count. */
    public SparseTopKCategoricalAccuracy k(int k) {
        this.k = TopK.checkK(k);
        return this;
    }

    /** The current k. */
    public int k() {
        return k;
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        requireInputs(registryName(), yTrue, yPred);
        Tensor t = Targets.sparse(registryName(), yTrue, yPred);
        double[] y = Rows.flat(t.value());
        double[][] p = Rows.of(yPred.value());
        double[] out = new double[p.length];
        for (int r = 0; r < p.length; r++) {
            int label = Rows.label(registryName(), y[r], p[r].length);
            out[r] = Rows.inTopK(p[r], label, k) ? 1.0 : 0.0;
        }
        return Tensor.of(Rows.result(out, yPred.shape(), yPred.value().dataType()));
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public String registryName() {
        return "SparseTopKCategoricalAccuracy";
    }

    @Override
    public List<String> aliases() {
        return List.of("sparse_top_k_categorical_accuracy");
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("k", k);
    }

    @Override
    protected void readConfig(Config config) {
        k(config.getInt("k", 5));
    }
}
