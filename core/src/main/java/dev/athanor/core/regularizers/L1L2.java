package dev.athanor.core.regularizers;

import dev.athanor.core.Config;
import dev.athanor.core.Regularizer;
import dev.athanor.core.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code L1L2(l1=0.0, l2=0.0)} (keras/regularizers.py, Keras 2.6):
 * penalty = l1 * sum(|x|) + l2 * sum(x^2). Config keys {@code l1}, {@code l2}.
 *
 * <p>Registered as {@code "L1L2"} and {@code "l1_l2"}; note that Keras's function
 * {@code l1_l2()} defaults to 0.01 for both, which {@link Regularizers#get} reproduces for the
 * bare name {@code "l1_l2"}, while the class defaults are 0.
 */
public class L1L2 implements Regularizer {

    private double l1;
    private double l2;

    /** Keras defaults: no penalty. */
    public L1L2() {
    }

    /** The given factors (each must be >= 0). */
    public L1L2(double l1, double l2) {
        l1(l1);
        l2(l2);
    }

    @Override
    public String registryName() {
        return "L1L2";
    }

    @Override
    public List<String> aliases() {
        return List.of("l1_l2");
    }

    /** Sets the L1 factor. */
    public L1L2 l1(double value) {
        this.l1 = check("l1", value);
        return this;
    }

    /** Sets the L2 factor. */
    public L1L2 l2(double value) {
        this.l2 = check("l2", value);
        return this;
    }

    /** The L1 factor. */
    public double l1() {
        return l1;
    }

    /** The L2 factor. */
    public double l2() {
        return l2;
    }

    static double check(String key, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("`" + key + "` must be a finite number >= 0. Received: " + key + "="
                    + value);
        }
        return value;
    }

    @Override
    public Tensor penalty(Tensor weight) {
        Tensor p = null;
        if (l1 != 0) {
            p = weight.abs().sum().mul(l1);
        }
        if (l2 != 0) {
            Tensor q = weight.square().sum().mul(l2);
            p = p == null ? q : p.add(q);
        }
        return p == null ? Tensor.scalar(0.0) : p;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("l1", l1);
        c.put("l2", l2);
        return c;
    }

    @Override
    public void configure(Config config) {
        l1(config.getDouble("l1", 0.0));
        l2(config.getDouble("l2", 0.0));
    }

    @Override
    public String toString() {
        return registryName() + config();
    }
}
