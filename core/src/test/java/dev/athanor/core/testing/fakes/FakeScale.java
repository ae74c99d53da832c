package dev.athanor.core.testing.fakes;

import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.SingleInputLayer;
import java.util.Map;

/**
 * A test-only plugin layer, {@code y = factor * x}, registered only by jars that tests build with
 * {@code PluginJars} (no services file on the test class path lists it).
 */
public class FakeScale extends SingleInputLayer {

    private double factor = 1.0;

    /** Multiplies by {@code factor}. */
    public FakeScale factor(double value) {
        this.factor = value;
        return this;
    }

    @Override
    public String registryName() {
        return "FakeScale";
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        return input.mul(factor);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("factor", factor);
    }

    @Override
    protected void readConfig(Config c) {
        factor = c.getDouble("factor", 1.0);
    }
}
