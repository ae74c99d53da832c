package dev.athanor.core.regularizers;

import dev.athanor.core.Config;
import dev.athanor.core.Regularizer;
import dev.athanor.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code L1(l1=0.01)} (keras/regularizers.py, Keras 2.6): penalty = l1 * sum(|x|).
 * Config key {@code l1}. Registered as {@code "L1"} and {@code "l1"}.
 */
public final class L1 implements Regularizer {

    private double l1 = 0.01;

    /** Keras default 0.01. */
    public L1() {
    }

    /** The given factor. */
    public L1(double l1) {
        this.l1 = L1L2.check("l1", l1);
    }

    @Override
    public String registryName() {
        return "L1";
    }

    @Override
    public List<String> aliases() {
        return List.of("l1");
    }

    /** The factor. */
    public double l1() {
        return l1;
    }

    @Override
    public Tensor penalty(Tensor weight) {
        return weight.abs().sum().mul(l1);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("l1", l1);
        return c;
    }

    @Override
    public void configure(Config config) {
        l1 = L1L2.check("l1", config.getDouble("l1", 0.01));
    }

    @Override
    public String toString() {
        return "L1" + config();
    }
}
