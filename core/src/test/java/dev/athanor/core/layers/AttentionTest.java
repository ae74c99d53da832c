package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Tensor;
import dev.athanor.core.TrainingRandom;
import dev.athanor.core.Variable;
import dev.athanor.core.testing.GradientCheck;
import dev.athanor.core.testing.TestArrays;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Attention and AdditiveAttention beyond the Keras goldens ({@link AttentionGoldenTest}). */
class AttentionTest extends Float64Test {

    private static Tensor objective(Layer layer, List<Tensor> xs, List<INDArray> masks) {
        try (TrainingRandom ignored = TrainingRandom.use(new Random(3))) {
            List<Tensor> outs = layer.callOn(xs, masks, true);
            Tensor s = null;
            for (int i = 0; i < outs.size(); i++) {
                Tensor t = outs.get(i).mul(Tensor.of(TestArrays.uniform(20 + i, 0.5, 1.5, outs.get(i).shape()))).sum();
                s = s == null ? t : s.add(t);
            }
            return s;
        }
    }

    @Test
    void gradientsWithMasksCausalDropoutAndBothScoreRules() {
        INDArray q = TestArrays.uniform(1, -1, 1, 2, 3, 2);
        INDArray v = TestArrays.uniform(2, -1, 1, 2, 3, 2);
        INDArray k = TestArrays.uniform(3, -1, 1, 2, 3, 2);
        INDArray mask = Nd4j.create(new double[][] {{1, 1, 0}, {1, 0, 1}});
        List<INDArray> masks = Arrays.asList(mask, mask, null);
        for (Attention layer : List.of(new Attention().useScale(true).useCausalMask(true),
                new Attention().scoreMode("concat").useScale(true).dropout(0.4).returnAttentionScores(true),
                new AdditiveAttention().useCausalMask(true), new AdditiveAttention().dropout(0.3))) {
            GradientCheck.check(t -> objective(layer, t, masks), q, v, k);
            for (Variable w : layer.trainableWeights()) {
                w.assign(TestArrays.uniform(9, 0.5, 1.5, w.value().shape()));
                w.zeroGrad();
            }
            List<Tensor> xs = List.of(Tensor.of(q), Tensor.of(v), Tensor.of(k));
            objective(layer, xs, masks).backward();
            double h = 1e-6;
            for (Variable w : layer.trainableWeights()) {
                INDArray flat = w.value().reshape(w.value().length());
                INDArray analytic = w.grad().dup().reshape(flat.length());
                for (long i = 0; i < flat.length(); i++) {
                    double orig = flat.getDouble(i);
                    flat.putScalar(i, orig + h);
                    double plus = objective(layer, xs, masks).item();
                    flat.putScalar(i, orig - h);
                    double minus = objective(layer, xs, masks).item();
                    flat.putScalar(i, orig);
                    double numeric = (plus - minus) / (2 * h);
                    assertEquals(numeric, analytic.getDouble(i), 1e-7 + 1e-5 * Math.abs(numeric), w.name());
                }
                w.zeroGrad();
            }
        }
    }

    @Test
    void configRoundTripWithKerasKeys() {
        Attention a = new Attention().useScale(true).scoreMode("concat").dropout(0.2).seed(4L);
        LayerTesting.assertRoundTrip(a);
        assertEquals(List.of("name", "trainable", "dtype", "use_scale", "score_mode", "dropout", "seed"),
                List.copyOf(a.config().keySet()));
        AdditiveAttention b = new AdditiveAttention();
        LayerTesting.assertRoundTrip(b);
        assertEquals(List.of("name", "trainable", "dtype", "use_scale", "dropout", "seed"),
                List.copyOf(b.config().keySet()));
        assertEquals(true, b.config().get("use_scale"));
        assertThrows(IllegalArgumentException.class, () -> new Attention().scoreMode("general"));
    }

    @Test
    void badShapesNameTheLayerAndTheShapes() {
        Attention a = new Attention().name("luong");
        LayerShapeException e = assertThrows(LayerShapeException.class, () -> a.ensureBuilt(
                List.of(new long[] {-1, 3, 4}, new long[] {-1, 5, 2}, new long[] {-1, 5, 3})));
        assertEquals("Layer 'luong' (Attention) needs query and key with the same features and key and value with"
                + " the same steps; received query (None, 3, 4), value (None, 5, 2), key (None, 5, 3).", e.getMessage());
        LayerShapeException r = assertThrows(LayerShapeException.class,
                () -> a.ensureBuilt(List.of(new long[] {-1, 4}, new long[] {-1, 5, 2})));
        assertTrue(r.getMessage().contains("expects inputs of rank 3"), r.getMessage());
    }
}
