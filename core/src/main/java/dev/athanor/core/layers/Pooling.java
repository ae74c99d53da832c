package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.ops.ConvOps;
import dev.athanor.core.ops.PoolingOps;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import java.util.Map;

/**
 * The base of Keras's max and average pooling layers ({@code keras/layers/pooling.py},
 * {@code Pooling1D} / {@code Pooling2D}, Keras 2.6): {@code pool_size}, {@code strides} (default: the
 * pool size), {@code padding} valid / same and {@code data_format}. Output length per spatial axis:
 * valid {@code ceil((n - p + 1) / s)}, same {@code ceil(n / s)}. Same padding follows TensorFlow:
 * {@code floor(total / 2)} cells before, the rest after; padded cells never win a max and are not
 * counted in an average. 1-D pooling runs the 2-D native kernels on a height-1 image.
 *
 * @param <T> the concrete layer
 */
public abstract class Pooling<T extends Pooling<T>> extends SingleInputLayer {

    private final int rank;
    private final boolean max;
    private int[] poolSize;
    private int[] strides;
    private String padding = "valid";
    private String dataFormat = ConvArgs.CHANNELS_LAST;

    Pooling(int rank, boolean max) {
        this.rank = rank;
        this.max = max;
        this.poolSize = ConvArgs.tuple("pool_size", rank, 2);
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** {@code pool_size}: one integer for every spatial axis or one per axis (default 2). */
    public T poolSize(int... value) {
        this.poolSize = ConvArgs.tuple("pool_size", rank, value);
        return self();
    }

    /** {@code strides}: one integer for every axis or one per axis; null (default) means the pool size. */
    public T strides(int... value) {
        this.strides = value == null ? null : ConvArgs.tuple("strides", rank, value);
        return self();
    }

    /** {@code padding}: "valid" (default) or "same". */
    public T padding(String value) {
        this.padding = ConvArgs.padding(value, false);
        return self();
    }

    /** {@code data_format}: "channels_last" (default) or "channels_first". */
    public T dataFormat(String value) {
        this.dataFormat = ConvArgs.dataFormat(value);
        return self();
    }

    private int[] effectiveStrides() {
        return strides == null ? poolSize : strides;
    }

    @Override
    protected void checkInputShape(long[] inputShape) {
        if (inputShape.length != rank + 2) {
            throw new LayerShapeException("Input 0 of layer '" + name() + "' (" + registryName() + ") is incompatible"
                    + " with the layer: expected ndim=" + (rank + 2) + ", found ndim=" + inputShape.length
                    + ". Full shape received: " + Shapes.describe(inputShape) + ".");
        }
        long[] out = computeOutputShape(inputShape);
        for (int a : ConvArgs.spatialAxes(dataFormat, rank + 2)) {
            if (out[a] == 0) {
                throw new LayerShapeException("Layer '" + name() + "' (" + registryName() + ") cannot pool input "
                        + Shapes.describe(inputShape) + " with pool_size=" + ConvArgs.list(poolSize)
                        + " and padding='valid': an output dimension would be 0.");
            }
        }
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        long[] out = inputShape.clone();
        int[] spatial = ConvArgs.spatialAxes(dataFormat, inputShape.length);
        int[] s = effectiveStrides();
        for (int i = 0; i < spatial.length; i++) {
            out[spatial[i]] = ConvOps.Geometry.outputLength(inputShape[spatial[i]], poolSize[i], s[i], 1,
                    "same".equals(padding));
        }
        return out;
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        boolean channelsFirst = ConvArgs.CHANNELS_FIRST.equals(dataFormat);
        boolean same = "same".equals(padding);
        int[] s = effectiveStrides();
        Tensor x = input;
        int[] pool = poolSize;
        ConvOps.Geometry g;
        if (rank == 1) {
            long[] sh = x.shape();
            x = channelsFirst ? x.reshape(sh[0], sh[1], 1, sh[2]) : x.reshape(sh[0], 1, sh[1], sh[2]);
            pool = new int[] {1, poolSize[0]};
            g = new ConvOps.Geometry(new int[] {1, s[0]}, new int[] {1, 1}, same, channelsFirst);
        } else {
            g = new ConvOps.Geometry(s, new int[] {1, 1}, same, channelsFirst);
        }
        Tensor y = max ? PoolingOps.maxPool2d(x, pool, g) : PoolingOps.avgPool2d(x, pool, g);
        if (rank == 1) {
            long[] sh = y.shape();
            y = channelsFirst ? y.reshape(sh[0], sh[1], sh[3]) : y.reshape(sh[0], sh[2], sh[3]);
        }
        return y;
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("pool_size", ConvArgs.list(poolSize));
        c.put("padding", padding);
        c.put("strides", ConvArgs.list(effectiveStrides()));
        c.put("data_format", dataFormat);
    }

    @Override
    protected void readConfig(Config c) {
        poolSize(ConvArgs.readTuple(c, "pool_size", rank, new int[] {2}));
        int[] st = ConvArgs.readTuple(c, "strides", rank, null);
        strides = st;
        padding(c.getString("padding", "valid"));
        dataFormat(c.getString("data_format", null));
    }
}
