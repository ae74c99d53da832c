package dev.athanor.losses;

import dev.athanor.core.Backend;
import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Binary crossentropy, per sample: the mean over the last axis of the element-wise crossentropy.
 * With label smoothing {@code s}, targets first become {@code y * (1 - s) + 0.5 * s}. Then, per
 * element ({@link Backend#binaryCrossentropy(Tensor, Tensor, boolean)}):
 * <ul>
 *   <li>{@code from_logits}, or {@code yPred} straight from a sigmoid (fused):
 *       {@code max(z, 0) - z * y + log(1 + exp(-|z|))} (stable, gradient {@code p - y});</li>
 *   <li>otherwise probabilities, with {@code q = clip(p, eps, 1 - eps)}:
 *       {@code -(y * log(q + eps) + (1 - y) * log(1 - q + eps))}, {@code eps = 1e-7}.</li>
 * </ul>
 *
 * <p>Source: tf.keras 2.6 {@code keras/losses.py} {@code binary_crossentropy} and
 * {@code keras/backend.py} {@code binary_crossentropy}. Names: {@code binary_crossentropy},
 * {@code BinaryCrossentropy}. Config: {@code from_logits} (false), {@code label_smoothing} (0.0).
 */
public final class BinaryCrossentropy extends KerasLoss {

    private boolean fromLogits;
    private double labelSmoothing;

    /** Keras's defaults: probabilities, no smoothing. */
    public BinaryCrossentropy() {
    }

    /** Whether {@code yPred} holds logits rather than probabilities. */
    public BinaryCrossentropy fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    /** Label smoothing in [0, 1]: targets are squeezed towards 0.5. */
    public BinaryCrossentropy labelSmoothing(double labelSmoothing) {
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
            y = y.mul(1.0 - labelSmoothing).add(0.5 * labelSmoothing);
        }
        return Backend.binaryCrossentropy(y, yPred, fromLogits).mean(-1);
    }

    @Override
    public String registryName() {
        return "BinaryCrossentropy";
    }

    @Override
    public List<String> aliases() {
        return List.of("binary_crossentropy");
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
