package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import java.util.Map;

/**
 * Keras's {@code ELU(alpha=1.0)} (keras/src/layers/activations/elu.py): {@code x} for
 * {@code x > 0}, {@code alpha · (exp(x) - 1)} otherwise. Keras 3's {@code get_config} leaves
 * {@code alpha} out (a Keras 3 file always reloads with 1.0); Athanor writes it, as Keras 2 did and
 * as Keras 3's constructor accepts, so the value survives a round trip.
 */
public class ELU extends SingleInputLayer {

    private double alpha = 1.0;

    /** Keras's default alpha 1.0. */
    public ELU() {
    }

    /** The given alpha. */
    public ELU(double alpha) {
        alpha(alpha);
    }

    /** {@code alpha}: the scale of the negative part. */
    public ELU alpha(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("alpha of an ELU layer must be a finite number. Received: alpha="
                    + value);
        }
        this.alpha = value;
        return this;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return x.elu(alpha);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("alpha", alpha);
    }

    @Override
    protected void readConfig(Config c) {
        alpha(c.getDouble("alpha", 1.0));
    }
}
