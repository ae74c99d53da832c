package dev.athanor.plugins.example;

import dev.athanor.core.Backend;
import dev.athanor.core.Config;
import dev.athanor.core.Loss;
import dev.athanor.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Label-smoothing crossentropy, the training memo's custom loss, written with {@link Backend} ops
 * (Keras's {@code K.*}) so its gradient is automatic. Per sample, over the last axis of {@code K}
 * classes, with smoothing {@code e}:
 *
 * <pre>  loss = (1 - e) * CE(y, p) + e * CE(u, p),   u = 1 / K everywhere,
 *   CE(t, p) = -sum(t * log(p))       (K.categorical_crossentropy on probabilities)</pre>
 *
 * <p>Since CE is linear in its target this equals CE on the smoothed target
 * {@code (1 - e) * y + e / K}, which is how tf.keras's {@code label_smoothing} argument and
 * PyTorch's {@code cross_entropy(..., label_smoothing=e)} define it.
 *
 * <p>Registry name {@code label_smoothing_crossentropy}; config {@code smoothing} (default 0.1, in
 * [0, 1]). Targets are one-hot (or soft) rows shaped like the predictions.
 */
public final class LabelSmoothingCrossentropy implements Loss {

    /** The registry name, as used in {@code compile("adam", "label_smoothing_crossentropy")}. */
    public static final String NAME = "label_smoothing_crossentropy";

    private double smoothing = 0.1;

    /** Smoothing 0.1 (the memo's value). */
    public LabelSmoothingCrossentropy() {
    }

    /** The weight {@code e} of the uniform target, in [0, 1]. */
    public LabelSmoothingCrossentropy smoothing(double e) {
        if (!(e >= 0 && e <= 1)) {
            throw new IllegalArgumentException("`smoothing` must be in [0, 1]. Received: smoothing=" + e);
        }
        this.smoothing = e;
        return this;
    }

    /** The smoothing weight. */
    public double smoothing() {
        return smoothing;
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        LossShapes.requireSame(NAME, yTrue, yPred,
                " Targets must be one-hot rows; for integer labels use Utils.toCategorical(labels, numClasses).");
        long classes = yPred.shape()[yPred.rank() - 1];
        Tensor uniform = Backend.onesLike(yPred).div(classes);
        Tensor onTarget = Backend.categoricalCrossentropy(yTrue, yPred);
        Tensor onUniform = Backend.categoricalCrossentropy(uniform, yPred);
        return onTarget.mul(1.0 - smoothing).add(onUniform.mul(smoothing));
    }

    @Override
    public String registryName() {
        return NAME;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("smoothing", smoothing);
        return c;
    }

    @Override
    public void configure(Config config) {
        smoothing(config.getDouble("smoothing", 0.1));
    }
}
