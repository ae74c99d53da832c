package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import java.util.Map;

/**
 * The base of Keras's global pooling layers ({@code GlobalPooling1D} / {@code GlobalPooling2D},
 * Keras 2.6): the max or mean over all steps (1-D) or all rows and columns (2-D), per channel.
 * Output {@code [batch, channels]}, or with {@code keepdims=true} the spatial axes kept with size 1.
 * The max's gradient goes to the maximum (shared among exact ties).
 *
 * @param <T> the concrete layer
 */
public abstract class GlobalPooling<T extends GlobalPooling<T>> extends SingleInputLayer {

    private final int rank;
    private final boolean max;
    private String dataFormat = ConvArgs.CHANNELS_LAST;
    private boolean keepdims;

    GlobalPooling(int rank, boolean max) {
        this.rank = rank;
        this.max = max;
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** {@code data_format}: "channels_last" (default) or "channels_first". */
    public T dataFormat(String value) {
        this.dataFormat = ConvArgs.dataFormat(value);
        return self();
    }

    /** {@code keepdims}: keep the spatial axes with size 1 (default false). */
    public T keepdims(boolean value) {
        this.keepdims = value;
        return self();
    }

    boolean channelsFirst() {
        return ConvArgs.CHANNELS_FIRST.equals(dataFormat);
    }

    boolean keepdims() {
        return keepdims;
    }

    @Override
    protected void checkInputShape(long[] inputShape) {
        if (inputShape.length != rank + 2) {
            throw new LayerShapeException("Input 0 of layer '" + name() + "' (" + registryName() + ") is incompatible"
                    + " with the layer: expected ndim=" + (rank + 2) + ", found ndim=" + inputShape.length
                    + ". Full shape received: " + Shapes.describe(inputShape) + ".");
        }
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        int channelAxis = ConvArgs.channelAxis(dataFormat, inputShape.length);
        if (!keepdims) {
            return new long[] {inputShape[0], inputShape[channelAxis]};
        }
        long[] out = inputShape.clone();
        for (int a : ConvArgs.spatialAxes(dataFormat, inputShape.length)) {
            out[a] = 1;
        }
        return out;
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        long[] s = input.shape();
        boolean first = ConvArgs.CHANNELS_FIRST.equals(dataFormat);
        long channels = s[first ? 1 : s.length - 1];
        // one spatial axis: [n, steps, c] (or [n, c, steps]), then reduce it
        Tensor flat = first ? input.reshape(s[0], channels, -1) : input.reshape(s[0], -1, channels);
        int axis = first ? 2 : 1;
        Tensor y = max ? flat.max(axis) : flat.mean(axis);
        if (keepdims) {
            long[] out = computeOutputShape(s);
            out[0] = s[0];
            y = y.reshape(out);
        }
        return y;
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("data_format", dataFormat);
        c.put("keepdims", keepdims);
    }

    @Override
    protected void readConfig(Config c) {
        dataFormat(c.getString("data_format", null));
        keepdims(c.getBoolean("keepdims", false));
    }
}
