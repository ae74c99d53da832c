package dev.athanor.core.initializers;

import dev.athanor.core.Config;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code TruncatedNormal(mean=0.0, stddev=0.05, seed=None)}: N(mean, stddev^2) with values
 * more than two standard deviations from the mean redrawn, as {@code tf.random.truncated_normal}
 * (keras/initializers/initializers_v2.py, Keras 2.6). No variance correction is applied here.
 */
public final class TruncatedNormal extends SeededInitializer {

    private double mean = 0.0;
    private double stddev = 0.05;

    @Override
    public String registryName() {
        return "TruncatedNormal";
    }

    @Override
    public List<String> aliases() {
        return List.of("truncated_normal");
    }

    /** Sets the mean. */
    public TruncatedNormal mean(double value) {
        this.mean = value;
        return this;
    }

    /** Sets the standard deviation before truncation (must be non-negative). */
    public TruncatedNormal stddev(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("`stddev` must be >= 0. Received: stddev=" + value);
        }
        this.stddev = value;
        return this;
    }

    @Override
    public INDArray initialize(long[] shape, DataType dtype, Random random) {
        return Draws.array(Draws.truncatedNormal(random(random), Draws.count(shape), mean, stddev), shape, dtype);
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
