package dev.athanor.core.layers;

import dev.athanor.core.Tensor;

/**
 * Keras's {@code Minimum()} merge layer (keras/src/layers/merging/minimum.py): the elementwise
 * minimum of two or more inputs, broadcasting as {@link Merge} describes, with Keras 3's mask rule
 * ({@link ExtremumMerge}). At ties the gradient goes to the earlier input.
 */
public class Minimum extends ExtremumMerge {

    @Override
    protected Tensor pair(Tensor a, Tensor b) {
        return a.minimum(b);
    }
}
