package dev.athanor.core.layers;

import dev.athanor.core.Tensor;
import java.util.List;

/**
 * Keras's {@code Subtract()} merge layer (keras/layers/merge.py, Keras 2.6): the difference {@code x1 - x2} of exactly two inputs.
 * Inputs broadcast as described in {@link Merge}. Config: the base keys only.
 */
public class Subtract extends Merge {

    @Override
    protected void checkInputCount(int n) {
        if (n != 2) {
            throw new LayerShapeException("A `Subtract` layer should be called on exactly 2 inputs. Got " + n
                    + " inputs (layer '" + name() + "').");
        }
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        return inputs.get(0).sub(inputs.get(1));
    }
}
