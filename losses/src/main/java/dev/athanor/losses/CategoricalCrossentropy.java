package dev.athanor.losses;

import dev.athanor.core.Backend;
import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Categorical crossentropy, per sample, over the last axis ({@code K} classes, one-hot or soft
 * targets). With label smoothing {@code s}, targets first become {@code y * (1 - s) + s / K}. Then
 * ({@link Backend#categoricalCrossentropy(Tensor, Tensor, boolean)}):
 * <ul>
 *   <li>{@code from_logits}: {@code -sum(y * log_softmax(z))};</li>
 *   <li>{@code yPred} straight from a softmax: the same on the softmax's input (fused, stable,
 *       gradient {@code p - y} with respect to the logits);</li>
 *   <li>otherwise probabilities: {@code -sum(y * log(clip(p / sum(p), eps, 1 - eps)))},
 *       {@code eps = 1e-7}.</li>
 * </ul>
 *
 * <p>Source: tf.keras 2.6 {@code keras/losses.py} {@code categorical_crossentropy} and
 * {@code keras/backend.py} {@code categorical_crossentropy}. Names:
 * {@code categorical_crossentropy}, {@code CategoricalCrossentropy}. Config: {@code from_logits}
 * (false), {@code label_smoothing} (0.0, in [0, 1]).
 */
public final class CategoricalCrossentropy extends KerasLoss {

    private boolean fromLogits;
    private double labelSmoothing;

    /** Keras's defaults: probabilities, no smoothing. */
    public CategoricalCrossentropy() {
    }

    /** Whether {@code yPred} holds logits rather than probabilities. */
    public CategoricalCrossentropy fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    /** Label smoothing in [0, 1]. */
    public CategoricalCrossentropy labelSmoothing(double labelSmoothing) {
        this.labelSmoothing = Crossentropies.checkSmoothing(labelSmoothing);
        return this;
    }

    /** Whether {@code yPred} holds logits. */
    public boolean fromLogits() {
        return fromLogits;
    }

    /** The label smoothing. */
    public double labelSmoothing() {
        return labelSmoothing;
    }

    @Override
    protected Tensor compute(Tensor yTrue, Tensor yPred) {
        Tensor y = yTrue;
        if (labelSmoothing != 0.0) {
            long k = yPred.shape()[yPred.rank() - 1];
            y = y.mul(1.0 - labelSmoothing).add(labelSmoothing / k);
        }
        return Backend.categoricalCrossentropy(y, yPred, fromLogits);
    }

    @Override
    public String registryName() {
        return "CategoricalCrossentropy";
    }

    @Override
    public List<String> aliases() {
        return List.of("categorical_crossentropy");
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
    }

    @Override
    protected void readConfig(Config config) {
        fromLogits(config.getBoolean("from_logits", false));
        labelSmoothing(config.getDouble("label_smoothing", 0.0));
    }
}
