package dev.athanor.core.initializers;

import java.util.List;

/**
 * Keras's {@code LecunUniform(seed=None)} ({@code "lecun_uniform"}): uniform in [-limit, limit] with limit = sqrt(3 / fan_in).
 * That is {@code VarianceScaling(scale=1.0, mode="fan_in", distribution="uniform")}
 * (keras/initializers/initializers_v2.py, Keras 2.6). Config: {@code seed} only.
 */
public final class LecunUniform extends VarianceScaling {

    /** With no seed: draws from the caller's generator. */
    public LecunUniform() {
        super(1.0, "fan_in", "uniform");
    }

    /** With a fixed seed. */
    public LecunUniform(long seed) {
        this();
        seed(seed);
    }

    @Override
    public String registryName() {
        return "LecunUniform";
    }

    @Override
    public List<String> aliases() {
        return List.of("lecun_uniform");
    }
}
