package dev.athanor.plugins.example;

import dev.athanor.core.Config;
import dev.athanor.core.Seeds;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import dev.athanor.core.TrainingRandom;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.layers.LayerShapeException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The VAE's reparameterization step (Keras's variational_autoencoder example, whose
 * {@code Lambda(sampling)} this replaces; Keras 3's {@code Sampling} layer): from the inputs
 * {@code [z_mean, z_log_var]} it returns
 *
 * <pre>  z = z_mean + exp(z_log_var / 2) * eps,   eps ~ N(0, 1) per element</pre>
 *
 * so gradients reach {@code z_mean} ({@code dz/dmean = 1}) and {@code z_log_var}
 * ({@code dz/dlogvar = exp(logvar / 2) * eps / 2}) through a fixed draw.
 *
 * <p>Draws, as Keras, also at inference. Seeding follows core's Dropout: during {@code fit} eps
 * comes from {@link TrainingRandom#currentOrNull()} (per epoch from the fit seed, so runs and
 * resumed runs repeat); outside a fit each call draws from a generator made afresh from
 * {@code seed} (or the global {@link Seeds#get() seed}) and the layer name, so {@code predict}
 * is reproducible and a reloaded model predicts what the saved one did. The price: every predict
 * batch reuses the same noise row by row; where independent samples matter, call {@code predict}
 * inside a {@code TrainingRandom.use(random)} scope.
 *
 * <p>Registry name {@code Sampling}; config {@code seed} (integer or null).
 */
public class Sampling extends Layer {

    private Long seed;

    /** The registry's constructor: no seed (the global seed is used). */
    public Sampling() {
    }

    /** Seeds the draws made outside a fit; null uses the global seed. */
    public Sampling seed(Long value) {
        this.seed = value;
        return this;
    }

    /** The seed, or null. */
    public Long seed() {
        return seed;
    }

    /** {@code mean + exp(logVar / 2) * eps}: the layer's computation for a given draw. */
    public static Tensor sample(Tensor mean, Tensor logVar, Tensor eps) {
        return mean.add(logVar.mul(0.5).exp().mul(eps));
    }

    @Override
    protected void checkInputShapes(List<long[]> inputShapes) {
        if (inputShapes.size() != 2) {
            throw new LayerShapeException("Layer '" + name() + "' (Sampling) takes two inputs, [z_mean, z_log_var],"
                    + " but received " + inputShapes.size() + ".");
        }
        long[] mean = Shapes.withoutBatch(inputShapes.get(0));
        long[] logVar = Shapes.withoutBatch(inputShapes.get(1));
        if (!Arrays.equals(mean, logVar)) {
            throw new LayerShapeException("Layer '" + name() + "' (Sampling) needs z_mean and z_log_var of one"
                    + " shape. Received: z_mean " + Shapes.describe(inputShapes.get(0)) + ", z_log_var "
                    + Shapes.describe(inputShapes.get(1)) + ".");
        }
    }

    @Override
    public List<long[]> computeOutputShape(List<long[]> inputShapes) {
        return List.of(inputShapes.get(0).clone());
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        Tensor mean = inputs.get(0);
        Tensor logVar = inputs.get(1);
        return List.of(sample(mean, logVar, Tensor.of(draw(mean.shape(), mean.value()))));
    }

    private INDArray draw(long[] shape, INDArray like) {
        Random r = TrainingRandom.currentOrNull();
        if (r == null) {
            r = new Random(Seeds.mix(seed != null ? seed : Seeds.get(), "sampling/" + name()));
        }
        double[] eps = new double[Math.toIntExact(Shapes.size(shape))];
        synchronized (r) {
            for (int i = 0; i < eps.length; i++) {
                eps[i] = r.nextGaussian();
            }
        }
        return Nd4j.create(eps, shape, 'c').castTo(like.dataType());
    }

    @Override
    protected void writeConfig(Map<String, Object> config) {
        config.put("seed", seed);
    }

    @Override
    protected void readConfig(Config config) {
        Object s = config.get("seed");
        if (s != null && !(s instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()))) {
            throw new IllegalArgumentException("Config key 'seed' of Sampling must be an integer or null."
                    + " Received: seed=" + s);
        }
        seed(s == null ? null : ((Number) s).longValue());
    }
}
