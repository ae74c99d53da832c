package dev.athanor.io.plugin;

import dev.athanor.core.Config;
import dev.athanor.core.Loss;
import dev.athanor.core.Tensor;
import java.util.Map;

/**
 * A test plugin standing in for the keras2c model's custom loss {@code hinge_mse} (its Python
 * source is not in the file): mean squared error plus a hinge on sign disagreement,
 * {@code mean((p - t)² + max(0, -t·p), axis=-1)}. Packed into a jar by the test, never on the
 * default class path.
 */
public class HingeMse implements Loss {

    @Override
    public String registryName() {
        return "hinge_mse";
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }

    @Override
    public void configure(Config config) {
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        return yPred.sub(yTrue).square().add(yTrue.mul(yPred).neg().relu()).mean(-1);
    }
}
