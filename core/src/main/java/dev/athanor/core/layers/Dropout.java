package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Seeds;
import dev.athanor.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code Dropout(rate, noise_shape=None, seed=None)} (keras/layers/core.py, Keras 2.6):
 * inverted dropout, only when training. Each mask element is kept when a uniform draw
 * {@code u >= rate} and the kept inputs are scaled by {@code 1 / (1 - rate)}:
 *
 * <pre>  output = input * mask,  mask = (u >= rate) / (1 - rate)</pre>
 *
 * so the expected output equals the input; at inference the input passes unchanged.
 * {@code noise_shape} gives the mask's shape (null or -1 entries take the input's dimension; a 1
 * shares one draw along that axis), broadcast against the input.
 *
 * <p>Draws come from {@link dev.athanor.core.TrainingRandom#currentOrNull()}, which the training loop opens per batch from
 * (fit seed, epoch); with no scope open, from this layer's own generator, seeded from
 * {@code seed} (or {@code Seeds.get()}) and the layer name.
 */
public class Dropout extends SingleInputLayer {

    private double rate;
    private long[] noiseShape;
    private Long seed;
    private Random fallback;

    /** For the registry: rate 0 until configured. */
    public Dropout() {
    }

    /** Drops a fraction {@code rate} of the inputs while training. */
    public Dropout(double rate) {
        rate(rate);
    }

    /** Sets the fraction to drop, in [0, 1). */
    public Dropout rate(double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("`rate` must be a number in [0, 1). Received: rate=" + value);
        }
        this.rate = value;
        return this;
    }

    /** The drop fraction. */
    public double rate() {
        return rate;
    }

    /** Sets the mask shape including the batch axis (-1 entries follow the input); null: the input's shape. */
    public Dropout noiseShape(long... shape) {
        this.noiseShape = shape == null ? null : shape.clone();
        return this;
    }

    /** Sets the seed of the fallback generator (used when no {@link dev.athanor.core.TrainingRandom} scope is open). */
    public Dropout seed(Long value) {
        this.seed = value;
        synchronized (this) {
            fallback = null;
        }
        return this;
    }

    /** Passes the input's Keras mask on (Keras's {@code supports_masking = True}). */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    protected void checkInputShape(long[] inputShape) {
        if (noiseShape != null && noiseShape.length != inputShape.length) {
            throw new LayerShapeException("Layer '" + name() + "' has noise_shape "
                    + dev.athanor.core.Shapes.describe(noiseShape) + " of rank " + noiseShape.length
                    + " but received an input of shape " + dev.athanor.core.Shapes.describe(inputShape) + ".");
        }
    }

    private synchronized Random fallbackRandom() {
        if (fallback == null) {
            fallback = new Random(Seeds.mix(seed != null ? seed : Seeds.get(), "dropout/" + name()));
        }
        return fallback;
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        if (!training || rate == 0) {
            return input;
        }
        long[] shape = input.shape();
        long[] maskShape = shape.clone();
        if (noiseShape != null) {
            for (int i = 0; i < shape.length; i++) {
                long d = noiseShape[i];
                if (d >= 0) {
                    if (d != 1 && d != shape[i]) {
                        throw new LayerShapeException("Layer '" + name() + "' has noise_shape "
                                + dev.athanor.core.Shapes.describe(noiseShape)
                                + " that does not broadcast against input shape "
                                + dev.athanor.core.Shapes.describe(shape) + ".");
                    }
                    maskShape[i] = d;
                }
            }
        }
        Random r = dev.athanor.core.TrainingRandom.currentOrNull();
        if (r == null) {
            r = fallbackRandom();
        }
        int n = Math.toIntExact(dev.athanor.core.Shapes.size(maskShape));
        double keepScale = 1.0 / (1.0 - rate);
        double[] m = new double[n];
        synchronized (r) {
            for (int i = 0; i < n; i++) {
                m[i] = r.nextDouble() >= rate ? keepScale : 0.0;
            }
        }
        INDArray mask = Nd4j.create(m, maskShape, 'c').castTo(input.value().dataType());
        return input.mul(Tensor.of(mask));
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("rate", rate);
        if (noiseShape == null) {
            c.put("noise_shape", null);
        } else {
            List<Object> s = new ArrayList<>();
            for (long d : noiseShape) {
                s.add(d < 0 ? null : d);
            }
            c.put("noise_shape", s);
        }
        c.put("seed", seed);
    }

    @Override
    protected void readConfig(Config c) {
        rate(c.getDouble("rate", 0.0));
        noiseShape = c.getShape("noise_shape");
        Object s = c.get("seed");
        if (s != null && !(s instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()))) {
            throw new IllegalArgumentException("Config key 'seed' of Dropout must be an integer or null. Received: seed="
                    + s);
        }
        seed(s == null ? null : ((Number) s).longValue());
    }
}
