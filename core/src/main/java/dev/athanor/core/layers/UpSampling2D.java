package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code UpSampling2D(size=(2, 2), data_format="channels_last", interpolation="nearest")}
 * (Keras 2.6): repeats every row {@code size[0]} times and every column {@code size[1]} times
 * ({@code out[n, i, j, c] = in[n, i / s0, j / s1, c]}). Only nearest-neighbour interpolation.
 */
public class UpSampling2D extends SingleInputLayer {

    private int[] size = {2, 2};
    private String dataFormat = ConvArgs.CHANNELS_LAST;

    /** {@code size}: one factor for both axes or {@code (rows, cols)}. */
    public UpSampling2D size(int... value) {
        this.size = ConvArgs.tuple("size", 2, value);
        return this;
    }

    /** {@code data_format}: "channels_last" (default) or "channels_first". */
    public UpSampling2D dataFormat(String value) {
        this.dataFormat = ConvArgs.dataFormat(value);
        return this;
    }

    @Override
    protected void checkInputShape(long[] inputShape) {
        if (inputShape.length != 4) {
            throw new LayerShapeException("Input 0 of layer '" + name() + "' (UpSampling2D) is incompatible with the"
                    + " layer: expected ndim=4, found ndim=" + inputShape.length + ". Full shape received: "
                    + Shapes.describe(inputShape) + ".");
        }
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        long[] out = inputShape.clone();
        int[] sp = ConvArgs.spatialAxes(dataFormat, 4);
        for (int i = 0; i < 2; i++) {
            out[sp[i]] = inputShape[sp[i]] < 0 ? -1 : inputShape[sp[i]] * size[i];
        }
        return out;
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        long[] s = input.shape();
        int[] sp = ConvArgs.spatialAxes(dataFormat, 4);
        // [.., h, w, ..] -> [.., h, 1, w, 1, ..] * ones [.., 1, s0, 1, s1, ..]: a broadcast whose gradient sums the copies
        long[] expanded = new long[6];
        long[] ones = new long[6];
        int k = 0;
        for (int a = 0; a < 4; a++) {
            expanded[k] = s[a];
            ones[k++] = 1;
            if (a == sp[0] || a == sp[1]) {
                expanded[k] = 1;
                ones[k++] = size[a == sp[0] ? 0 : 1];
            }
        }
        Tensor repeated = input.reshape(expanded).mul(Tensor.of(Nd4j.ones(input.value().dataType(), ones)));
        long[] out = computeOutputShape(s);
        out[0] = s[0];
        return repeated.reshape(out);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("size", ConvArgs.list(size));
        c.put("data_format", dataFormat);
        c.put("interpolation", "nearest");
    }

    @Override
    protected void readConfig(Config c) {
        size(ConvArgs.readTuple(c, "size", 2, new int[] {2}));
        dataFormat(c.getString("data_format", null));
        String interpolation = c.getString("interpolation", "nearest");
        if (!"nearest".equals(interpolation)) {
            throw new IllegalArgumentException("UpSampling2D supports only interpolation='nearest'. Received:"
                    + " interpolation=" + interpolation);
        }
    }
}
