package dev.athanor.core.layers;

import dev.athanor.core.Tensor;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code GlobalAveragePooling1D(data_format="channels_last", keepdims=False)} (Keras 2.6):
 * the mean over all steps of a [batch, steps, channels] input (channels_first accepted), per channel.
 * With a Keras mask ({@code [batch, steps]}, e.g. from {@code Embedding(mask_zero=True)}) only the
 * valid steps count, as Keras does: {@code sum(x * mask) / sum(mask)}; the output carries no mask.
 * See {@link GlobalPooling}.
 */
public class GlobalAveragePooling1D extends GlobalPooling<GlobalAveragePooling1D> {

    /** Keras's defaults. */
    public GlobalAveragePooling1D() {
        super(1, false);
    }

    @Override
    public List<String> aliases() {
        return List.of("GlobalAvgPool1D");
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, List<INDArray> masks, boolean training) {
        INDArray mask = masks == null || masks.isEmpty() ? null : masks.get(0);
        if (mask == null) {
            return call(inputs, training);
        }
        Tensor x = inputs.get(0);
        long[] s = x.shape();
        boolean first = channelsFirst();
        int steps = first ? 2 : 1;
        INDArray m = mask.castTo(x.value().dataType()).reshape(first ? new long[] {s[0], 1, s[2]}
                : new long[] {s[0], s[1], 1});
        Tensor weights = Tensor.of(m);
        Tensor sum = x.mul(weights).sum(steps, keepdims());
        return List.of(sum.div(weights.sum(steps, keepdims())));
    }
}
