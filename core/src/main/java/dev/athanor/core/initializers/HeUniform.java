package dev.athanor.core.initializers;

import java.util.List;

/**
 * Keras's {@code HeUniform(seed=None)} ({@code "he_uniform"}): uniform in [-limit, limit] with limit = sqrt(6 / fan_in).
 * That is {@code VarianceScaling(scale=2.0, mode="fan_in", distribution="uniform")}
 * (keras/initializers/initializers_v2.py, Keras 2.6). Config: {@code seed} only.
 */
public final class HeUniform extends VarianceScaling {

    /** With no seed: draws from the caller's generator. */
    public HeUniform() {
        super(2.0, "fan_in", "uniform");
    }

    /** With a fixed seed. */
    public HeUniform(long seed) {
        this();
        seed(seed);
    }

    @Override
    public String registryName() {
        return "HeUniform";
    }

    @Override
    public List<String> aliases() {
        return List.of("he_uniform");
    }
}
