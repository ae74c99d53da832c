package dev.athanor.plugins.example;

import dev.athanor.core.Backend;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.layers.LayerShapeException;
import java.util.Arrays;
import java.util.List;

/**
 * The VAE loss as a layer (Keras's classic variational_autoencoder example): it takes
 * {@code [x, x_decoded_mean, z_mean, z_log_var]}, adds the loss with {@code addLoss} so the model
 * compiles with no loss ({@code compile("rmsprop", (Loss) null)}), and passes
 * {@code x_decoded_mean} through. Per sample, with {@code original_dim} the size of {@code x}'s
 * last axis:
 *
 * <pre>  reconstruction = original_dim * mean(binary_crossentropy(x, x_decoded_mean), axis=-1)
 *   kl             = -0.5 * sum(1 + z_log_var - z_mean^2 - exp(z_log_var), axis=-1)
 *   added loss     = mean over the batch of (reconstruction + kl)</pre>
 *
 * <p>The batch means of both terms are reported separately as the metrics
 * {@code reconstruction_loss} and {@code kl_loss} ({@code addMetric}), so they appear in
 * {@code History} beside {@code loss}, their sum.
 *
 * <p>Differences from the Keras example, both for a saveable model: the example's layer read
 * {@code z_mean} and {@code z_log_var} from Python globals, here they are inputs; and it returned
 * {@code x}, here it returns the reconstruction, so {@code predict} gives reconstructions.
 *
 * <p>Registry name {@code CustomVariationalLayer}; no config beyond the standard layer keys.
 */
public class CustomVariationalLayer extends Layer {

    /** Log key of the reconstruction term. */
    public static final String RECONSTRUCTION_METRIC = "reconstruction_loss";
    /** Log key of the KL term. */
    public static final String KL_METRIC = "kl_loss";

    /** The registry's constructor. */
    public CustomVariationalLayer() {
    }

    /** Per-sample reconstruction term: {@code original_dim * mean(bce(x, xDecoded), -1)}. */
    public static Tensor reconstructionLoss(Tensor x, Tensor xDecoded) {
        long originalDim = x.shape()[x.rank() - 1];
        return Backend.mean(Backend.binaryCrossentropy(x, xDecoded, false), -1).mul(originalDim);
    }

    /** Per-sample KL divergence from N(0, 1): {@code -0.5 * sum(1 + logVar - mean^2 - exp(logVar), -1)}. */
    public static Tensor klLoss(Tensor mean, Tensor logVar) {
        Tensor inner = logVar.add(1.0).sub(Backend.square(mean)).sub(Backend.exp(logVar));
        return Backend.sum(inner, -1).mul(-0.5);
    }

    @Override
    protected void checkInputShapes(List<long[]> inputShapes) {
        if (inputShapes.size() != 4) {
            throw new LayerShapeException("Layer '" + name() + "' (CustomVariationalLayer) takes four inputs,"
                    + " [x, x_decoded_mean, z_mean, z_log_var], but received " + inputShapes.size() + ".");
        }
        requireSame(inputShapes, 0, "x", 1, "x_decoded_mean");
        requireSame(inputShapes, 2, "z_mean", 3, "z_log_var");
    }

    private void requireSame(List<long[]> shapes, int a, String aName, int b, String bName) {
        if (!Arrays.equals(Shapes.withoutBatch(shapes.get(a)), Shapes.withoutBatch(shapes.get(b)))) {
            throw new LayerShapeException("Layer '" + name() + "' (CustomVariationalLayer) needs " + aName + " and "
                    + bName + " of one shape. Received: " + aName + " " + Shapes.describe(shapes.get(a)) + ", "
                    + bName + " " + Shapes.describe(shapes.get(b)) + ".");
        }
    }

    @Override
    public List<long[]> computeOutputShape(List<long[]> inputShapes) {
        return List.of(inputShapes.get(1).clone());
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        Tensor x = inputs.get(0);
        Tensor xDecoded = inputs.get(1);
        Tensor reconstruction = reconstructionLoss(x, xDecoded).mean();
        Tensor kl = klLoss(inputs.get(2), inputs.get(3)).mean();
        addLoss(reconstruction.add(kl));
        addMetric(RECONSTRUCTION_METRIC, reconstruction);
        addMetric(KL_METRIC, kl);
        return List.of(xDecoded);
    }
}
