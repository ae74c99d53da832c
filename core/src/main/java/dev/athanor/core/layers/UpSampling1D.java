package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code UpSampling1D(size=2)} (keras/src/layers/reshaping/up_sampling1d.py): repeats each
 * step of a {@code [batch, steps, features]} input {@code size} times in place
 * ({@code out[n, i, c] = in[n, i / size, c]}). Keras's masks stop here.
 */
public class UpSampling1D extends SingleInputLayer {

    private int size = 2;

    /** Keras's default size 2. */
    public UpSampling1D() {
    }

    /** The given size. */
    public UpSampling1D(int size) {
        size(size);
    }

    /** {@code size}: a positive integer. */
    public UpSampling1D size(int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("Argument `size` should be a positive integer. Received: size=" + value);
        }
        this.size = value;
        return this;
    }

    @Override
    protected void checkInputShape(long[] s) {
        if (s.length != 3) {
            throw new LayerShapeException("Input 0 of layer '" + name() + "' (UpSampling1D) is incompatible with the"
                    + " layer: expected ndim=3 (batch, steps, features), found ndim=" + s.length
                    + ". Full shape received: " + Shapes.describe(s) + ".");
        }
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        return new long[] {inputShape[0], inputShape[1] < 0 ? -1 : inputShape[1] * size, inputShape[2]};
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        long[] s = input.shape();
        // [b, t, 1, c] * ones [1, 1, size, 1]: a broadcast whose gradient sums the copies.
        Tensor ones = Tensor.of(Nd4j.ones(input.value().dataType(), 1, 1, size, 1));
        return input.reshape(s[0], s[1], 1, s[2]).mul(ones).reshape(s[0], s[1] * size, s[2]);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("size", size);
    }

    @Override
    protected void readConfig(Config c) {
        size(c.getInt("size", 2));
    }
}
