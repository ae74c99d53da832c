package dev.athanor.core.regularizers;

import dev.athanor.core.Config;
import dev.athanor.core.Regularizer;
import dev.athanor.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code L2(l2=0.01)} (keras/regularizers.py, Keras 2.6): penalty = l2 * sum(x^2).
 * Config key {@code l2}. Registered as {@code "L2"} and {@code "l2"}.
 */
public final class L2 implements Regularizer {

    private double l2 = 0.01;

    /** Keras default 0.01. */
    public L2() {
    }

    /** The given factor. */
    public L2(double l2) {
        this.l2 = L1L2.check("l2", l2);
    }

    @Override
    public String registryName() {
        return "L2";
    }

    @Override
    public List<String> aliases() {
        return List.of("l2");
    }

    /** The factor. */
    public double l2() {
        return l2;
    }

    @Override
    public Tensor penalty(Tensor weight) {
        return weight.square().sum().mul(l2);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("l2", l2);
        return c;
    }

    @Override
    public void configure(Config config) {
        l2 = L1L2.check("l2", config.getDouble("l2", 0.01));
    }

    @Override
    public String toString() {
        return "L2" + config();
    }
}
