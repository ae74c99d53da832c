package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import java.util.Map;

/**
 * Keras's {@code Cropping2D(cropping=((0, 0), (0, 0)), data_format="channels_last")} (Keras 2.6):
 * removes rows at the top and bottom and columns left and right of each image; {@code cropping} is
 * one int, {@code (rows, cols)} or {@code ((top, bottom), (left, right))}.
 */
public class Cropping2D extends SingleInputLayer {

    private Margins2D cropping = new Margins2D(0, 0, 0, 0);
    private String dataFormat = ConvArgs.CHANNELS_LAST;

    /** Sets {@code cropping} as Keras accepts it: an Integer, [rows, cols] or [[top, bottom], [left, right]]. */
    public Cropping2D cropping(Object spec) {
        this.cropping = Margins2D.parse("cropping", spec);
        return this;
    }

    /** {@code ((top, bottom), (left, right))}. */
    public Cropping2D cropping(int top, int bottom, int left, int right) {
        this.cropping = new Margins2D(top, bottom, left, right);
        return this;
    }

    /** {@code data_format}: "channels_last" (default) or "channels_first". */
    public Cropping2D dataFormat(String value) {
        this.dataFormat = ConvArgs.dataFormat(value);
        return this;
    }

    @Override
    protected void checkInputShape(long[] inputShape) {
        if (inputShape.length != 4) {
            throw new LayerShapeException("Input 0 of layer '" + name() + "' (Cropping2D) is incompatible with the"
                    + " layer: expected ndim=4, found ndim=" + inputShape.length + ". Full shape received: "
                    + Shapes.describe(inputShape) + ".");
        }
        long[] out = computeOutputShape(inputShape);
        for (int a : ConvArgs.spatialAxes(dataFormat, 4)) {
            if (inputShape[a] >= 0 && out[a] <= 0) {
                throw new LayerShapeException("Layer '" + name() + "' (Cropping2D): cropping " + cropping.toList()
                        + " leaves nothing of input " + Shapes.describe(inputShape) + ".");
            }
        }
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        long[] out = inputShape.clone();
        int[] sp = ConvArgs.spatialAxes(dataFormat, 4);
        out[sp[0]] = inputShape[sp[0]] < 0 ? -1 : inputShape[sp[0]] - cropping.top() - cropping.bottom();
        out[sp[1]] = inputShape[sp[1]] < 0 ? -1 : inputShape[sp[1]] - cropping.left() - cropping.right();
        return out;
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        int[] sp = ConvArgs.spatialAxes(dataFormat, 4);
        long[] s = input.shape();
        Tensor x = input;
        if (cropping.top() + cropping.bottom() > 0) {
            x = x.slice(sp[0], cropping.top(), s[sp[0]] - cropping.bottom());
        }
        if (cropping.left() + cropping.right() > 0) {
            x = x.slice(sp[1], cropping.left(), s[sp[1]] - cropping.right());
        }
        return x;
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("cropping", cropping.toList());
        c.put("data_format", dataFormat);
    }

    @Override
    protected void readConfig(Config c) {
        Object p = c.get("cropping");
        cropping = p == null ? new Margins2D(0, 0, 0, 0) : Margins2D.parse("cropping", p);
        dataFormat(c.getString("data_format", null));
    }
}
