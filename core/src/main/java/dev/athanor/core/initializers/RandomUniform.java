package dev.athanor.core.initializers;

import dev.athanor.core.Config;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code RandomUniform(minval=-0.05, maxval=0.05, seed=None)}: values drawn uniformly from
 * [minval, maxval) (keras/initializers/initializers_v2.py, Keras 2.6).
 */
public final class RandomUniform extends SeededInitializer {

    private double minval = -0.05;
    private double maxval = 0.05;

    @Override
    public String registryName() {
        return "RandomUniform";
    }

    @Override
    public List<String> aliases() {
        return List.of("random_uniform", "uniform");
    }

    /** Sets the lower bound. */
    public RandomUniform minval(double value) {
        this.minval = value;
        return this;
    }

    /** Sets the upper bound. */
    public RandomUniform maxval(double value) {
        this.maxval = value;
        return this;
    }

    @Override
    public INDArray initialize(long[] shape, DataType dtype, Random random) {
        if (maxval < minval) {
            throw new IllegalArgumentException("`maxval` must be >= `minval`. Received: minval=" + minval
                    + ", maxval=" + maxval);
        }
        return Draws.array(Draws.uniform(random(random), Draws.count(shape), minval, maxval), shape, dtype);
    }

    @Override
    protected void writeConfig(Map<String, Object> config) {
        config.put("minval", minval);
        config.put("maxval", maxval);
    }

    @Override
    protected void readConfig(Config config) {
        minval(config.getDouble("minval", -0.05));
        maxval(config.getDouble("maxval", 0.05));
    }
}
