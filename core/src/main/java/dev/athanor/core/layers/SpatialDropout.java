package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import java.util.Map;

/**
 * Keras 3's {@code BaseSpatialDropout}: {@link Dropout} whose mask is shared along the spatial
 * axes, so whole feature maps (channels) are dropped, while training only. The mask is drawn like
 * Dropout's (the fit's seeded generator, else {@code seed} and the layer's name). Config: Keras 3's
 * {@code rate}, {@code seed} (and {@code data_format} for 2-D); Keras 2's {@code noise_shape} is
 * read and ignored, the layer fixes it.
 */
abstract class SpatialDropout extends SingleInputLayer {

    private final int rank;
    private double rate;
    private Long seed;
    private String dataFormat = ConvArgs.CHANNELS_LAST;
    private Dropout dropout;

    SpatialDropout(int rank) {
        this.rank = rank;
    }

    void setRate(double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("`rate` must be a number in [0, 1). Received: rate=" + value);
        }
        this.rate = value;
        dropout = null;
    }

    void setSeed(Long value) {
        this.seed = value;
        dropout = null;
    }

    void setDataFormat(String value) {
        this.dataFormat = ConvArgs.dataFormat(value);
        dropout = null;
    }

    String dataFormat() {
        return dataFormat;
    }

    /** Whether the config has a data_format key (2-D). */
    abstract boolean hasDataFormat();

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected void checkInputShape(long[] s) {
        if (s.length != rank + 2) {
            throw new LayerShapeException("Input 0 of layer '" + name() + "' (" + registryName() + ") is incompatible"
                    + " with the layer: expected ndim=" + (rank + 2) + ", found ndim=" + s.length
                    + ". Full shape received: " + Shapes.describe(s) + ".");
        }
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        return inputShape.clone();
    }

    private synchronized Dropout dropout() {
        if (dropout == null) {
            long[] noise = new long[rank + 2];
            java.util.Arrays.fill(noise, 1);
            noise[0] = -1;
            noise[ConvArgs.channelAxis(dataFormat, rank + 2)] = -1;
            dropout = new Dropout(rate).noiseShape(noise).seed(seed).name(name() + "_mask");
        }
        return dropout;
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        if (!training || rate == 0) {
            return input;
        }
        return dropout().call(input, true);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("rate", rate);
        c.put("seed", seed);
        if (hasDataFormat()) {
            c.put("data_format", dataFormat);
        }
    }

    @Override
    protected void readConfig(Config c) {
        setRate(c.getDouble("rate", 0.0));
        setSeed(c.get("seed") == null ? null : c.getLong("seed", 0));
        if (hasDataFormat()) {
            setDataFormat(c.getString("data_format", null));
        }
        c.ignore("noise_shape");
    }
}
