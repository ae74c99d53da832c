package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import java.util.Map;

/**
 * Keras 3's {@code LeakyReLU(negative_slope=0.3)} (keras/src/layers/activations/leaky_relu.py):
 * {@code x} where {@code x >= 0}, {@code negative_slope · x} below. Keras 2 called the option
 * {@code alpha}; a config holding {@code alpha} (Keras 2 {@code .h5} files) is read as Keras 3
 * reads it, {@code alpha} taking precedence. Written back as {@code negative_slope}.
 */
public class LeakyReLU extends SingleInputLayer {

    private double negativeSlope = 0.3;

    /** Keras's default slope 0.3. */
    public LeakyReLU() {
    }

    /** The given slope. */
    public LeakyReLU(double negativeSlope) {
        negativeSlope(negativeSlope);
    }

    /** {@code negative_slope}, {@code >= 0}. */
    public LeakyReLU negativeSlope(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("The negative_slope value of a Leaky ReLU layer cannot be None or"
                    + " negative value. Expected a float. Received: negative_slope=" + value);
        }
        this.negativeSlope = value;
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
        return ReLU.apply(x, negativeSlope, null, 0);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("negative_slope", negativeSlope);
    }

    @Override
    protected void readConfig(Config c) {
        double slope = c.getDouble("negative_slope", 0.3);
        if (c.has("alpha")) {
            slope = c.getDouble("alpha", 0.3);
        }
        negativeSlope(slope);
    }
}
