package dev.athanor.losses;

import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Huber loss, per sample, with {@code x = yPred - yTrue} and {@code d = delta}:
 * {@code mean(0.5 * x^2 if |x| <= d else d * |x| - 0.5 * d^2, axis=-1)}.
 * Computed as {@code 0.5 * q^2 + d * (|x| - q)} with {@code q = min(|x|, d)}, which is the same
 * function without a select op.
 *
 * <p>Source: tf.keras 2.6 {@code keras/losses.py}, {@code huber}. Names: {@code huber},
 * {@code huber_loss}, {@code Huber}. Config: {@code delta} (default 1.0, must be positive).
 */
public final class Huber extends KerasLoss {

    private double delta = 1.0;

    /** Keras's default, {@code delta = 1.0}. */
    public Huber() {
    }

    /** The point where the loss turns from quadratic to linear. */
    public Huber delta(double delta) {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("`delta` must be a positive finite number. Received: delta=" + delta);
        }
        this.delta = delta;
        return this;
    }

    /** The current delta. */
    public double delta() {
        return delta;
    }

    @Override
    protected Tensor compute(Tensor yTrue, Tensor yPred) {
        Tensor abs = yPred.sub(yTrue).abs();
        Tensor q = abs.minimum(delta);
        return q.square().mul(0.5).add(abs.sub(q).mul(delta)).mean(-1);
    }

    @Override
    public String registryName() {
        return "Huber";
    }

    @Override
    public List<String> aliases() {
        return List.of("huber", "huber_loss");
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("delta", delta);
    }

    @Override
    protected void readConfig(Config config) {
        delta(config.getDouble("delta", 1.0));
    }
}
