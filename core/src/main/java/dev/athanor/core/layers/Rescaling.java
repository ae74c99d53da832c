package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code Rescaling(scale, offset=0.0)} (keras/src/layers/preprocessing/rescaling.py):
 * {@code x · scale + offset}, e.g. {@code Rescaling(1/255.)} for pixels. {@code scale} and
 * {@code offset} are numbers or lists of numbers (one per channel, broadcast against the last axis —
 * Keras's channels_last layout). The input's Keras mask passes on.
 */
public class Rescaling extends SingleInputLayer {

    private double[] scale;
    private boolean scaleIsList;
    private double[] offset = {0.0};
    private boolean offsetIsList;

    /** For the registry: {@code scale} comes from the config. */
    public Rescaling() {
    }

    /** {@code x · scale + offset}. */
    public Rescaling(double scale, double offset) {
        this.scale = new double[] {scale};
        this.offset = new double[] {offset};
    }

    /** {@code x · scale}. */
    public Rescaling(double scale) {
        this(scale, 0.0);
    }

    /** Per-channel {@code scale} (last axis). */
    public Rescaling scales(double... values) {
        this.scale = values.clone();
        this.scaleIsList = true;
        return this;
    }

    /** Per-channel {@code offset} (last axis). */
    public Rescaling offsets(double... values) {
        this.offset = values.clone();
        this.offsetIsList = true;
        return this;
    }

    @Override
    protected void checkInputShape(long[] s) {
        if (scale == null) {
            throw new IllegalStateException("Rescaling layer '" + name() + "' needs `scale`: new Rescaling(1 / 255.0).");
        }
        for (double[] v : List.of(scale, offset)) {
            long last = s[s.length - 1];
            if (v.length > 1 && last >= 0 && v.length != last) {
                throw new LayerShapeException("Layer '" + name() + "' (Rescaling) has " + v.length + " per-channel"
                        + " values but its input " + Shapes.describe(s) + " has " + last + " channels on the last axis.");
            }
        }
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        return input.mul(constant(scale, input)).add(constant(offset, input));
    }

    private static Tensor constant(double[] v, Tensor like) {
        INDArray a = v.length == 1 ? Nd4j.scalar(like.value().dataType(), v[0])
                : Nd4j.create(v, new long[] {v.length}, 'c').castTo(like.value().dataType());
        return Tensor.of(a);
    }

    private static Object toConfig(double[] v, boolean list) {
        if (!list) {
            return v[0];
        }
        List<Double> out = new ArrayList<>();
        for (double d : v) {
            out.add(d);
        }
        return out;
    }

    private static double[] fromConfig(Config c, String key, double dflt) {
        Object v = c.get(key);
        if (v == null) {
            return new double[] {dflt};
        }
        if (v instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(o -> o instanceof Number)) {
            return l.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
        }
        throw new IllegalArgumentException("Rescaling `" + key + "` must be a number or a list of numbers (one per"
                + " channel). Received: " + key + "=" + v);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("scale", toConfig(scale, scaleIsList));
        c.put("offset", toConfig(offset, offsetIsList));
    }

    @Override
    protected void readConfig(Config c) {
        if (!c.has("scale")) {
            throw new IllegalArgumentException("Rescaling config needs `scale`.");
        }
        scale = fromConfig(c, "scale", 1.0);
        scaleIsList = c.get("scale") instanceof List;
        offset = fromConfig(c, "offset", 0.0);
        offsetIsList = c.get("offset") instanceof List;
    }
}
