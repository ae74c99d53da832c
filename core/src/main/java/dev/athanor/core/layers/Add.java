package dev.athanor.core.layers;

import dev.athanor.core.Tensor;
import java.util.List;

/**
 * Keras's {@code Add()} merge layer (keras/layers/merge.py, Keras 2.6): the elementwise sum {@code x1 + x2 + ... + xn}.
 * Inputs broadcast as described in {@link Merge}. Config: the base keys only.
 */
public class Add extends Merge {

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor out = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            out = out.add(inputs.get(i));
        }
        return out;
    }
}
