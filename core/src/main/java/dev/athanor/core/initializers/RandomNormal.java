package dev.athanor.core.initializers;

import dev.athanor.core.Config;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code RandomNormal(mean=0.0, stddev=0.05, seed=None)}: values drawn from a normal
 * distribution N(mean, stddev^2) (keras/initializers/initializers_v2.py, Keras 2.6).
 */
public final class RandomNormal extends SeededInitializer {

    private double mean = 0.0;
    private double stddev = 0.05;

    @Override
    public String registryName() {
        return "RandomNormal";
    }

    @Override
    public List<String> aliases() {
        return List.of("random_normal", "normal");
    }

    /** Sets the mean. */
    public RandomNormal mean(double value) {
        this.mean = value;
        return this;
    }

    /** Sets the standard deviation (must be non-negative). */
    public RandomNormal stddev(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("`stddev` must be >= 0. Received: stddev=" + value);
        }
        this.stddev = value;
        return this;
    }

    @Override
    public INDArray initialize(long[] shape, DataType dtype, Random random) {
        return Draws.array(Draws.normal(random(random), Draws.count(shape), mean, stddev), shape, dtype);
    }

    @Override
    protected void writeConfig(Map<String, Object> config) {
        config.put("mean", mean);
        config.put("stddev", stddev);
    }

    @Override
    protected void readConfig(Config config) {
        mean(config.getDouble("mean", 0.0));
        stddev(config.getDouble("stddev", 0.05));
    }
}
