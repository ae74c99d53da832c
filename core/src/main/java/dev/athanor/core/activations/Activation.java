package dev.athanor.core.activations;

import dev.athanor.core.Tensor;

/**
 * An elementwise (or, for softmax, per-row) activation function written with {@link Tensor} ops,
 * so its gradient is automatic. The built-in ones are looked up by Keras name with
 * {@link Activations#get(String)}; any lambda {@code x -> ...} is an activation too, but only named
 * ones can be written to a config.
 */
@FunctionalInterface
public interface Activation {

    /** Applies the activation. */
    Tensor apply(Tensor x);
}
