package dev.athanor.core.initializers;

import java.util.List;

/**
 * Keras's {@code HeNormal(seed=None)} ({@code "he_normal"}): truncated normal with stddev = sqrt(2 / fan_in) (before the truncation correction).
 * That is {@code VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal")}
 * (keras/initializers/initializers_v2.py, Keras 2.6). Config: {@code seed} only.
 */
public final class HeNormal extends VarianceScaling {

    /** With no seed: draws from the caller's generator. */
    public HeNormal() {
        super(2.0, "fan_in", "truncated_normal");
    }

    /** With a fixed seed. */
    public HeNormal(long seed) {
        this();
        seed(seed);
    }

    @Override
    public String registryName() {
        return "HeNormal";
    }

    @Override
    public List<String> aliases() {
        return List.of("he_normal");
    }
}
