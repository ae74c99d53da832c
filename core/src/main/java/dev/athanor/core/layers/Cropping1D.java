package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import java.util.Map;

/**
 * Keras's {@code Cropping1D(cropping=(1, 1))} (keras/src/layers/reshaping/cropping1d.py): drops
 * steps from the start and the end of a {@code [batch, steps, features]} input; {@code cropping}
 * is one int for both ends or {@code (start, end)}. Refused when nothing would be left. Keras's
 * masks stop here.
 */
public class Cropping1D extends SingleInputLayer {

    private Margins1D cropping = new Margins1D(1, 1);

    /** Keras's defaults: one step off each end. */
    public Cropping1D() {
    }

    /** {@code cropping}: the same number of steps off both ends. */
    public Cropping1D(int cropping) {
        cropping(cropping, cropping);
    }

    /** {@code cropping=(start, end)}. */
    public Cropping1D cropping(int start, int end) {
        this.cropping = new Margins1D(start, end);
        return this;
    }

    @Override
    protected void checkInputShape(long[] s) {
        if (s.length != 3) {
            throw new LayerShapeException("Input 0 of layer '" + name() + "' (Cropping1D) is incompatible with the"
                    + " layer: expected ndim=3 (batch, steps, features), found ndim=" + s.length
                    + ". Full shape received: " + Shapes.describe(s) + ".");
        }
        if (s[1] >= 0 && cropping.before() + cropping.after() >= s[1]) {
            throw new LayerShapeException("Layer '" + name() + "' (Cropping1D): `cropping` must be smaller than the"
                    + " input length. Received: input_shape=" + Shapes.describe(s) + ", cropping=("
                    + cropping.before() + ", " + cropping.after() + ").");
        }
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        long[] out = inputShape.clone();
        out[1] = inputShape[1] < 0 ? -1 : inputShape[1] - cropping.before() - cropping.after();
        return out;
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        long steps = input.shape()[1];
        return input.slice(1, cropping.before(), steps - cropping.after());
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("cropping", cropping.toList());
    }

    @Override
    protected void readConfig(Config c) {
        Object p = c.get("cropping");
        cropping = p == null ? new Margins1D(1, 1) : Margins1D.parse("cropping", p);
    }
}
