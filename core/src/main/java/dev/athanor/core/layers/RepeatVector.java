package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code RepeatVector(n)} (keras/src/layers/reshaping/repeat_vector.py): a
 * {@code [batch, features]} input repeated {@code n} times, {@code [batch, n, features]}.
 */
public class RepeatVector extends SingleInputLayer {

    private int n = -1;

    /** For the registry: {@code n} comes from the config. */
    public RepeatVector() {
    }

    /** Repeats {@code n} times. */
    public RepeatVector(int n) {
        n(n);
    }

    /** {@code n}: a positive integer. */
    public RepeatVector n(int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("Argument `n` should be a positive integer. Received: n=" + value);
        }
        this.n = value;
        return this;
    }

    @Override
    protected void checkInputShape(long[] s) {
        if (n <= 0) {
            throw new IllegalStateException("RepeatVector layer '" + name() + "' needs `n`: new RepeatVector(n).");
        }
        if (s.length != 2) {
            throw new LayerShapeException("Input 0 of layer '" + name() + "' (RepeatVector) is incompatible with the"
                    + " layer: expected ndim=2 (batch, features), found ndim=" + s.length + ". Full shape received: "
                    + Shapes.describe(s) + ".");
        }
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        return new long[] {inputShape[0], n, inputShape[1]};
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        long[] s = input.shape();
        return input.reshape(s[0], 1, s[1]).mul(Tensor.of(Nd4j.ones(input.value().dataType(), 1, n, 1)));
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("n", n);
    }

    @Override
    protected void readConfig(Config c) {
        if (!c.has("n")) {
            throw new IllegalArgumentException("RepeatVector config needs `n`.");
        }
        n(c.getInt("n", 0));
    }
}
