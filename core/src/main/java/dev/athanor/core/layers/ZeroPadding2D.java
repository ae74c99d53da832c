package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code ZeroPadding2D(padding=(1, 1), data_format="channels_last")} (Keras 2.6): adds rows
 * of zeros at the top and bottom and columns of zeros left and right of each image;
 * {@code padding} is one int, {@code (rows, cols)} or {@code ((top, bottom), (left, right))}.
 */
public class ZeroPadding2D extends SingleInputLayer {

    private Margins2D padding = new Margins2D(1, 1, 1, 1);
    private String dataFormat = ConvArgs.CHANNELS_LAST;

    /** Sets {@code padding} as Keras accepts it: an Integer, [rows, cols] or [[top, bottom], [left, right]]. */
    public ZeroPadding2D padding(Object spec) {
        this.padding = Margins2D.parse("padding", spec);
        return this;
    }

    /** {@code ((top, bottom), (left, right))}. */
    public ZeroPadding2D padding(int top, int bottom, int left, int right) {
        this.padding = new Margins2D(top, bottom, left, right);
        return this;
    }

    /** {@code data_format}: "channels_last" (default) or "channels_first". */
    public ZeroPadding2D dataFormat(String value) {
        this.dataFormat = ConvArgs.dataFormat(value);
        return this;
    }

    @Override
    protected void checkInputShape(long[] inputShape) {
        if (inputShape.length != 4) {
            throw new LayerShapeException("Input 0 of layer '" + name() + "' (ZeroPadding2D) is incompatible with the"
                    + " layer: expected ndim=4, found ndim=" + inputShape.length + ". Full shape received: "
                    + Shapes.describe(inputShape) + ".");
        }
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        long[] out = inputShape.clone();
        int[] sp = ConvArgs.spatialAxes(dataFormat, 4);
        out[sp[0]] = inputShape[sp[0]] < 0 ? -1 : inputShape[sp[0]] + padding.top() + padding.bottom();
        out[sp[1]] = inputShape[sp[1]] < 0 ? -1 : inputShape[sp[1]] + padding.left() + padding.right();
        return out;
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        int[] sp = ConvArgs.spatialAxes(dataFormat, 4);
        Tensor x = pad(input, sp[0], padding.top(), padding.bottom());
        return pad(x, sp[1], padding.left(), padding.right());
    }

    /** Zeros before and after along an axis; the zeros' gradient is dropped by concat. */
    static Tensor pad(Tensor x, int axis, int before, int after) {
        if (before == 0 && after == 0) {
            return x;
        }
        java.util.List<Tensor> parts = new java.util.ArrayList<>();
        long[] s = x.shape();
        if (before > 0) {
            s[axis] = before;
            parts.add(Tensor.of(Nd4j.zeros(x.value().dataType(), s.clone())));
        }
        parts.add(x);
        if (after > 0) {
            s[axis] = after;
            parts.add(Tensor.of(Nd4j.zeros(x.value().dataType(), s.clone())));
        }
        return Tensor.concat(axis, parts.toArray(Tensor[]::new));
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("padding", padding.toList());
        c.put("data_format", dataFormat);
    }

    @Override
    protected void readConfig(Config c) {
        Object p = c.get("padding");
        padding = p == null ? new Margins2D(1, 1, 1, 1) : Margins2D.parse("padding", p);
        dataFormat(c.getString("data_format", null));
    }
}
