package dev.athanor.core.ops;

import dev.athanor.core.Internal;

/**
 * The element-wise activations a compiled Dense step applies itself ({@link DenseKernels}), with
 * the eager ops' float arithmetic: ReLU {@code max(z, 0)}; sigmoid {@code 1 / (1 + exp(-z))} and
 * tanh in double rounded to float (libnd4j computes them in float, so they may differ from the
 * eager values in the last bit); gradients from the output {@code y} as the eager ops form them:
 * ReLU {@code y > 0 ? g : 0}, sigmoid {@code (g · y) · (1 - y)}, tanh {@code g · (1 - y · y)}.
 */
@Internal
public enum PlannedActivation {
    LINEAR, RELU, SIGMOID, TANH;

    /** The activation registered under {@code name}, or null when the plan has none of that name. */
    public static PlannedActivation named(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "linear" -> LINEAR;
            case "relu" -> RELU;
            case "sigmoid" -> SIGMOID;
            case "tanh" -> TANH;
            default -> null;
        };
    }

    /** This activation of one float. */
    float apply(float z) {
        return switch (this) {
            case LINEAR -> z;
            case RELU -> z > 0f ? z : 0f;
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-z)));
            case TANH -> (float) Math.tanh(z);
        };
    }
}
