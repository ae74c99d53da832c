package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code TimeDistributed(layer)} (keras/layers/wrappers.py, Keras 2.6): applies one layer,
 * with one set of weights, to every timestep: {@code [batch, T, ...] -> [batch·T, ...]}, the layer,
 * and back to {@code [batch, T, ...]} (one call, not a loop over timesteps). The input's mask
 * passes through unchanged. Weights are the wrapped layer's.
 */
public class TimeDistributed extends Wrapper {

    private Layer layer;

    /** For the registry; {@code layer} must be configured. */
    public TimeDistributed() {
    }

    /** Applies {@code layer} to every timestep. */
    public TimeDistributed(Layer layer) {
        this.layer = layer;
    }

    /** The wrapped layer. */
    public Layer layer() {
        return layer;
    }

    @Override
    protected List<Layer> wrapped() {
        return layer == null ? List.of() : List.of(layer);
    }

    private static long[] inner(long[] shape) {
        long[] s = new long[shape.length - 1];
        s[0] = shape[0] < 0 || shape[1] < 0 ? -1 : shape[0] * shape[1];
        System.arraycopy(shape, 2, s, 1, shape.length - 2);
        return s;
    }

    private void requireLayer() {
        if (layer == null) {
            throw new IllegalStateException("Layer '" + name() + "' (TimeDistributed) has no layer to wrap.");
        }
    }

    @Override
    protected void checkInputShapes(List<long[]> inputShapes) {
        requireLayer();
        if (inputShapes.size() != 1 || inputShapes.get(0).length < 3) {
            throw new LayerShapeException("Layer '" + name() + "' (TimeDistributed) expects one input of rank >= 3"
                    + " (batch, timesteps, ...) but received " + describe(inputShapes) + ".");
        }
    }

    @Override
    protected void build(List<long[]> inputShapes) {
        long[] s = inner(inputShapes.get(0));
        s[0] = -1;
        layer.ensureBuilt(List.of(s));
    }

    @Override
    public List<long[]> computeOutputShape(List<long[]> inputShapes) {
        requireLayer();
        long[] x = inputShapes.get(0);
        long[] s = inner(x);
        s[0] = -1;
        long[] y = layer.computeOutputShape(List.of(s)).get(0);
        long[] out = new long[y.length + 1];
        out[0] = x[0];
        out[1] = x[1];
        System.arraycopy(y, 1, out, 2, y.length - 1);
        return List.of(out);
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        Tensor x = inputs.get(0);
        long[] s = x.shape();
        Tensor y = layer.callOn(List.of(x.reshape(inner(s))), training).get(0);
        long[] ys = y.shape();
        long[] out = new long[ys.length + 1];
        out[0] = s[0];
        out[1] = s[1];
        System.arraycopy(ys, 1, out, 2, ys.length - 1);
        return List.of(y.reshape(out));
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public List<INDArray> computeMask(List<Tensor> inputs, List<INDArray> inputMasks) {
        return inputMasks == null ? List.of() : inputMasks.subList(0, 1);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        requireLayer();
        c.put("layer", serialize(layer));
    }

    @Override
    protected void readConfig(Config c) {
        layer = deserialize(c, "layer", c.getMap("layer"));
    }
}
