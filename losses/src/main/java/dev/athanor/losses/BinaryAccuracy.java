package dev.athanor.losses;

import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Binary accuracy, per sample: {@code mean(yTrue == (yPred > threshold), axis=-1)} (strictly
 * greater: a prediction equal to the threshold counts as 0). Higher is better.
 *
 * <p>Source: tf.keras 2.6 {@code keras/metrics.py}, {@code binary_accuracy}. Names:
 * {@code BinaryAccuracy}, {@code binary_accuracy}. Config: {@code threshold} (0.5).
 */
public final class BinaryAccuracy extends KerasMetric {

    private double threshold = 0.5;

    /** Keras's default threshold 0.5. */
    public BinaryAccuracy() {
    }

    /** The probability above which a prediction counts as 1. */
    public BinaryAccuracy threshold(double threshold) {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("`threshold` must be a number. Received: threshold=NaN");
        }
        this.threshold = threshold;
        return this;
    }

    /** The threshold. */
    public double threshold() {
        return threshold;
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        requireInputs(registryName(), yTrue, yPred);
        Tensor t = Targets.sameShape(registryName(), yTrue, yPred);
        double[][] y = Rows.of(t.value());
        double[][] p = Rows.of(yPred.value());
        double[] out = new double[p.length];
        for (int r = 0; r < p.length; r++) {
            int hits = 0;
            for (int c = 0; c < p[r].length; c++) {
                double predicted = p[r][c] > threshold ? 1.0 : 0.0;
                if (y[r][c] == predicted) {
                    hits++;
                }
            }
            out[r] = p[r].length == 0 ? Double.NaN : (double) hits / p[r].length;
        }
        return Tensor.of(Rows.result(out, yPred.shape(), yPred.value().dataType()));
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public String registryName() {
        return "BinaryAccuracy";
    }

    @Override
    public List<String> aliases() {
        return List.of("binary_accuracy");
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("threshold", threshold);
    }

    @Override
    protected void readConfig(Config config) {
        threshold(config.getDouble("threshold", 0.5));
    }
}
