package dev.athanor.core.layers;

import dev.athanor.core.Tensor;

/**
 * Keras's {@code Maximum()} merge layer (keras/src/layers/merging/maximum.py): the elementwise
 * maximum of two or more inputs, broadcasting as {@link Merge} describes, with Keras 3's mask rule
 * ({@link ExtremumMerge}). At ties the gradient goes to the earlier input.
 */
public class Maximum extends ExtremumMerge {

    @Override
    protected Tensor pair(Tensor a, Tensor b) {
        return a.maximum(b);
    }
}
