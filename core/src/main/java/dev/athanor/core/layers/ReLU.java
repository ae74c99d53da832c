package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import java.util.Map;

/**
 * Keras 3's {@code ReLU(max_value=None, negative_slope=0.0, threshold=0.0)}
 * (keras/src/layers/activations/relu.py), computed as Keras's {@code ReLU.static_call}:
 *
 * <pre>
 *  y = (x &gt; threshold ? x : 0)            (plain relu when threshold is 0)
 *  y = clip(y, 0, max_value)               when max_value is set
 *  y = y - negative_slope · relu(threshold - x)   when negative_slope is not 0
 * </pre>
 *
 * so below the threshold the output is {@code negative_slope · (x - threshold)}. All three options
 * must be non-negative (Keras refuses the same values). Output shape = input shape; the input's
 * Keras mask passes on.
 */
public class ReLU extends SingleInputLayer {

    private Double maxValue;
    private double negativeSlope;
    private double threshold;

    /** Keras's defaults: a plain relu. */
    public ReLU() {
    }

    /** {@code max_value}: the largest output, or null for none. */
    public ReLU maxValue(Double value) {
        if (value != null && !(value >= 0)) {
            throw new IllegalArgumentException("max_value of a ReLU layer cannot be a negative value. Received:"
                    + " max_value=" + value);
        }
        this.maxValue = value;
        return this;
    }

    /** {@code negative_slope}: the slope below the threshold. */
    public ReLU negativeSlope(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("negative_slope of a ReLU layer cannot be None or a negative value."
                    + " Received: negative_slope=" + value);
        }
        this.negativeSlope = value;
        return this;
    }

    /** {@code threshold}: inputs at or below it count as negative. */
    public ReLU threshold(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("threshold of a ReLU layer cannot be None or a negative value."
                    + " Received: threshold=" + value);
        }
        this.threshold = value;
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
        return apply(x, negativeSlope, maxValue, threshold);
    }

    /** Keras's {@code activations.relu(x, negative_slope, max_value, threshold)}. */
    static Tensor apply(Tensor x, double negativeSlope, Double maxValue, double threshold) {
        Tensor y;
        if (threshold != 0) {
            // where(x > threshold, x, 0): a constant 0/1 factor, so the gradient is that factor.
            y = x.mul(Tensor.of(x.value().gt(threshold).castTo(x.value().dataType())));
        } else {
            y = x.relu();
        }
        if (maxValue != null) {
            y = y.clip(0, maxValue);
        }
        if (negativeSlope != 0) {
            Tensor below = threshold != 0 ? x.rsub(threshold).relu() : x.neg().relu();
            y = y.sub(below.mul(negativeSlope));
        }
        return y;
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("max_value", maxValue);
        c.put("negative_slope", negativeSlope);
        c.put("threshold", threshold);
    }

    @Override
    protected void readConfig(Config c) {
        maxValue(c.getDoubleOrNull("max_value"));
        negativeSlope(c.getDouble("negative_slope", 0.0));
        threshold(c.getDouble("threshold", 0.0));
    }
}
