package dev.athanor.core.initializers;

import dev.athanor.core.Config;
import dev.athanor.core.Initializer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Keras's {@code Constant(value=0)}: every element equals {@code value}. Config: {@code value}. */
public final class Constant implements Initializer {

    private double value;

    /** Keras default: 0. */
    public Constant() {
    }

    /** Every element {@code value}. */
    public Constant(double value) {
        this.value = value;
    }

    @Override
    public String registryName() {
        return "Constant";
    }

    @Override
    public List<String> aliases() {
        return List.of("constant");
    }

    /** The constant. */
    public double value() {
        return value;
    }

    @Override
    public INDArray initialize(long[] shape, DataType dtype, Random random) {
        return Nd4j.valueArrayOf(shape, value, dtype);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("value", value);
        return c;
    }

    @Override
    public void configure(Config config) {
        value = config.getDouble("value", 0.0);
    }

    @Override
    public String toString() {
        return "Constant(" + value + ")";
    }
}
