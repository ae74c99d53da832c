package dev.athanor.core.layers;

import dev.athanor.core.Tensor;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code Multiply()} merge layer (keras/src/layers/merging/multiply.py): the elementwise product
 * {@code x1 * x2 * ... * xn}. Inputs broadcast as described in {@link Merge}. Config: the base keys only.
 *
 * <p>With Keras masks, as Keras 3: a masked entry of an input counts as 1 (the product's identity), and
 * when every input has a mask the output is 0 where all of them are masked; the output mask is then
 * their OR (see {@link Merge}).
 */
public class Multiply extends Merge {

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor out = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            out = out.mul(inputs.get(i));
        }
        return out;
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, List<INDArray> masks, boolean training) {
        int rank = inputs.get(0).rank();
        for (Tensor t : inputs) {
            if (t.rank() != rank) {
                // Keras expands lower-rank inputs into new tensors, which carry no mask.
                return call(inputs, training);
            }
        }
        boolean allMasked = masks != null && masks.size() >= inputs.size() && masks.stream().allMatch(m -> m != null);
        Tensor out = null;
        INDArray outMask = null;
        for (int i = 0; i < inputs.size(); i++) {
            Tensor x = inputs.get(i);
            INDArray m = masks == null || i >= masks.size() ? null : masks.get(i);
            if (m != null) {
                INDArray e = expandedMask(m, x);
                // where(mask, x, 1) as x·mask + (1 - mask): the same values and gradients
                x = x.mul(Tensor.of(e)).add(Tensor.of(e.rsub(1.0)));
                outMask = outMask == null ? e : outMask.add(e).gt(0).castTo(e.dataType());
            }
            out = out == null ? x : out.mul(x);
        }
        if (allMasked) {
            out = out.mul(Tensor.of(outMask));
        }
        return List.of(out);
    }
}
