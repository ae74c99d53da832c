package dev.athanor.core.layers;

import dev.athanor.core.Tensor;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Maximum and Minimum with Keras 3's mask rule ({@code Merge._apply_merge_op_and_or_mask}): there is
 * no identity element, so where an input is masked it takes the running result's value, and where
 * the running result is masked it takes the input's — a masked step never wins over a valid one.
 * The output mask is {@link Merge}'s (the OR of the inputs' masks when every input has one).
 */
abstract class ExtremumMerge extends Merge {

    /** The elementwise binary op ({@code maximum} or {@code minimum}). */
    protected abstract Tensor pair(Tensor a, Tensor b);

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor out = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            out = pair(out, inputs.get(i));
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
        Tensor out = null;
        Tensor outMask = null;
        for (int i = 0; i < inputs.size(); i++) {
            Tensor x = inputs.get(i);
            INDArray m = masks == null || i >= masks.size() ? null : masks.get(i);
            Tensor mask = m == null ? null : Tensor.of(expandedMask(m, x));
            if (out == null) {
                out = x;
                outMask = mask;
                continue;
            }
            // where(mask, x, out) as x·mask + out·(1 - mask): the same values and gradients.
            if (mask != null) {
                x = x.mul(mask).add(out.mul(mask.rsub(1.0)));
            }
            if (outMask != null) {
                out = out.mul(outMask).add(x.mul(outMask.rsub(1.0)));
            }
            outMask = mask != null && outMask != null ? Tensor.of(outMask.value().add(mask.value())
                    .gt(0).castTo(mask.value().dataType())) : null;
            out = pair(out, x);
        }
        return List.of(out);
    }
}
