package dev.athanor.losses;

import dev.athanor.core.Backend;
import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Sparse categorical crossentropy, per sample: targets are integer class indices, shape
 * {@code [batch]} or {@code [batch, 1]}; {@code yPred} is {@code [batch, K]}.
 * <ul>
 *   <li>{@code from_logits}: {@code logsumexp(z) - z[y]};</li>
 *   <li>{@code yPred} straight from a softmax: the same on the softmax's input (fused, stable,
 *       gradient {@code p - onehot(y)});</li>
 *   <li>otherwise probabilities, exactly as Keras's backend: the clipped log-probabilities
 *       {@code l = log(clip(p, eps, 1 - eps))} are used as logits, i.e.
 *       {@code logsumexp(l) - l[y]} ({@code = -log(p'[y] / sum(p'))} with {@code p'} clipped;
 *       note the renormalisation comes after the clip, unlike the categorical form).</li>
 * </ul>
 * A label that is negative, not an integer or not below {@code K} fails naming the label.
 *
 * <p>Source: tf.keras 2.6 {@code keras/losses.py} {@code sparse_categorical_crossentropy} and
 * {@code keras/backend.py} {@code sparse_categorical_crossentropy}. Names:
 * {@code sparse_categorical_crossentropy}, {@code SparseCategoricalCrossentropy}. Config:
 * {@code from_logits} (false).
 */
public final class SparseCategoricalCrossentropy extends KerasLoss {

    private boolean fromLogits;

    /** Keras's default: probabilities. */
    public SparseCategoricalCrossentropy() {
    }

    /** Whether {@code yPred} holds logits rather than probabilities. */
    public SparseCategoricalCrossentropy fromLogits(boolean fromLogits) {
        this.fromLogits = fromLogits;
        return this;
    }

    /** Whether {@code yPred} holds logits. */
    public boolean fromLogits() {
        return fromLogits;
    }

    @Override
    protected Tensor alignTargets(Tensor yTrue, Tensor yPred) {
        return Targets.sparse(registryName(), yTrue, yPred);
    }

    @Override
    protected Tensor compute(Tensor yTrue, Tensor yPred) {
        return Backend.sparseCategoricalCrossentropy(yTrue.detach(), yPred, fromLogits);
    }

    @Override
    public String registryName() {
        return "SparseCategoricalCrossentropy";
    }

    @Override
    public List<String> aliases() {
        return List.of("sparse_categorical_crossentropy");
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("from_logits", fromLogits);
    }

    @Override
    protected void readConfig(Config config) {
        fromLogits(config.getBoolean("from_logits", false));
        config.ignore("ignore_class");
        if (config.get("ignore_class") != null) {
            throw new IllegalArgumentException("`ignore_class` is not supported by " + registryName()
                    + ". Received: ignore_class=" + config.get("ignore_class"));
        }
    }
}
