package dev.athanor.core.layers;

import dev.athanor.core.Tensor;
import java.util.List;

/**
 * Keras's {@code Average()} merge layer (keras/layers/merge.py, Keras 2.6): the elementwise mean {@code (x1 + ... + xn) / n}.
 * Inputs broadcast as described in {@link Merge}. Config: the base keys only.
 */
public class Average extends Merge {

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor out = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            out = out.add(inputs.get(i));
        }
        return out.div((double) inputs.size());
    }
}
