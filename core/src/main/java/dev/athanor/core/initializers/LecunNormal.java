package dev.athanor.core.initializers;

import java.util.List;

/**
 * Keras's {@code LecunNormal(seed=None)} ({@code "lecun_normal"}): truncated normal with stddev = sqrt(1 / fan_in) (before the truncation correction).
 * That is {@code VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal")}
 * (keras/initializers/initializers_v2.py, Keras 2.6). Config: {@code seed} only.
 */
public final class LecunNormal extends VarianceScaling {

    /** With no seed: draws from the caller's generator. */
    public LecunNormal() {
        super(1.0, "fan_in", "truncated_normal");
    }

    /** With a fixed seed. */
    public LecunNormal(long seed) {
        this();
        seed(seed);
    }

    @Override
    public String registryName() {
        return "LecunNormal";
    }

    @Override
    public List<String> aliases() {
        return List.of("lecun_normal");
    }
}
