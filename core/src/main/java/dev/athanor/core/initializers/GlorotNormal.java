package dev.athanor.core.initializers;

import java.util.List;

/**
 * Keras's {@code GlorotNormal(seed=None)} ({@code "glorot_normal"}): truncated normal with stddev = sqrt(2 / (fan_in + fan_out)) (before the truncation correction).
 * That is {@code VarianceScaling(scale=1.0, mode="fan_avg", distribution="truncated_normal")}
 * (keras/initializers/initializers_v2.py, Keras 2.6). Config: {@code seed} only.
 */
public final class GlorotNormal extends VarianceScaling {

    /** With no seed: draws from the caller's generator. */
    public GlorotNormal() {
        super(1.0, "fan_avg", "truncated_normal");
    }

    /** With a fixed seed. */
    public GlorotNormal(long seed) {
        this();
        seed(seed);
    }

    @Override
    public String registryName() {
        return "GlorotNormal";
    }

    @Override
    public List<String> aliases() {
        return List.of("glorot_normal");
    }
}
