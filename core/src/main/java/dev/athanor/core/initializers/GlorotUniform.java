package dev.athanor.core.initializers;

import java.util.List;

/**
 * Keras's {@code GlorotUniform(seed=None)} ({@code "glorot_uniform"}): uniform in [-limit, limit] with limit = sqrt(6 / (fan_in + fan_out)).
 * That is {@code VarianceScaling(scale=1.0, mode="fan_avg", distribution="uniform")}
 * (keras/initializers/initializers_v2.py, Keras 2.6). Config: {@code seed} only.
 */
public final class GlorotUniform extends VarianceScaling {

    /** With no seed: draws from the caller's generator. */
    public GlorotUniform() {
        super(1.0, "fan_avg", "uniform");
    }

    /** With a fixed seed. */
    public GlorotUniform(long seed) {
        this();
        seed(seed);
    }

    @Override
    public String registryName() {
        return "GlorotUniform";
    }

    @Override
    public List<String> aliases() {
        return List.of("glorot_uniform");
    }
}
