package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import java.util.Map;

/**
 * Keras 3's {@code ZeroPadding1D(padding=1, data_format=None)}
 * (keras/src/layers/reshaping/zero_padding1d.py): zeros added before and after the steps of a
 * {@code [batch, steps, features]} input ({@code [batch, features, steps]} with channels_first);
 * {@code padding} is one int for both ends or {@code (before, after)}. Keras's masks stop here.
 */
public class ZeroPadding1D extends SingleInputLayer {

    private Margins1D padding = new Margins1D(1, 1);
    private String dataFormat = ConvArgs.CHANNELS_LAST;

    /** Keras's defaults: one zero step at each end. */
    public ZeroPadding1D() {
    }

    /** {@code padding}: the same number of steps at both ends. */
    public ZeroPadding1D(int padding) {
        padding(padding, padding);
    }

    /** {@code padding=(before, after)}. */
    public ZeroPadding1D padding(int before, int after) {
        this.padding = new Margins1D(before, after);
        return this;
    }

    /** {@code data_format}: "channels_last" (default) or "channels_first". */
    public ZeroPadding1D dataFormat(String value) {
        this.dataFormat = ConvArgs.dataFormat(value);
        return this;
    }

    private int stepsAxis() {
        return ConvArgs.CHANNELS_FIRST.equals(dataFormat) ? 2 : 1;
    }

    @Override
    protected void checkInputShape(long[] inputShape) {
        if (inputShape.length != 3) {
            throw new LayerShapeException("Input 0 of layer '" + name() + "' (ZeroPadding1D) is incompatible with the"
                    + " layer: expected ndim=3 (batch, steps, features), found ndim=" + inputShape.length
                    + ". Full shape received: " + Shapes.describe(inputShape) + ".");
        }
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        long[] out = inputShape.clone();
        int a = stepsAxis();
        out[a] = inputShape[a] < 0 ? -1 : inputShape[a] + padding.before() + padding.after();
        return out;
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        return ZeroPadding2D.pad(input, stepsAxis(), padding.before(), padding.after());
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("padding", padding.toList());
        c.put("data_format", dataFormat);
    }

    @Override
    protected void readConfig(Config c) {
        Object p = c.get("padding");
        padding = p == null ? new Margins1D(1, 1) : Margins1D.parse("padding", p);
        dataFormat(c.getString("data_format", null));
    }
}
