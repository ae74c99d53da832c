package dev.athanor.losses;

import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Top-k categorical accuracy, per sample: 1 when the score of the target class
 * {@code c = argmax(yTrue)} is among the {@code k} largest of {@code yPred}, i.e. fewer than
 * {@code k} scores are strictly greater than {@code yPred[c]} (ties at the boundary count as in,
 * as {@code tf.math.in_top_k}). Higher is better.
 *
 * <p>Source: tf.keras 2.6 {@code keras/metrics.py}, {@code top_k_categorical_accuracy}. Names:
 * {@code TopKCategoricalAccuracy}, {@code top_k_categorical_accuracy}. Config: {@code k} (5).
 */
public final class TopKCategoricalAccuracy extends KerasMetric {

    private int k = 5;

    /** Keras's default {@code k = 5}. */
    public TopKCategoricalAccuracy() {
    }

    /** How many of the largest scores count. */
    public TopKCategoricalAccuracy k(int k) {
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
        Tensor t = Targets.sameShape(registryName(), yTrue, yPred);
        double[][] y = Rows.of(t.value());
        double[][] p = Rows.of(yPred.value());
        double[] out = new double[p.length];
        for (int r = 0; r < p.length; r++) {
            out[r] = Rows.inTopK(p[r], Rows.argmax(y[r]), k) ? 1.0 : 0.0;
        }
        return Tensor.of(Rows.result(out, yPred.shape(), yPred.value().dataType()));
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public String registryName() {
        return "TopKCategoricalAccuracy";
    }

    @Override
    public List<String> aliases() {
        return List.of("top_k_categorical_accuracy");
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
