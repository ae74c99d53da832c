package dev.athanor.core.layers;

import static dev.athanor.core.testing.Asserts.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Input;
import dev.athanor.core.Model;
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
import org.nd4j.linalg.indexing.NDArrayIndex;

/** MultiHeadAttention beyond the Keras goldens ({@link AttentionGoldenTest}): gradients, config, shapes, masks. */
class MultiHeadAttentionTest extends Float64Test {

    private static final INDArray MASK = Nd4j.create(new double[][] {{1, 1, 1, 0}, {1, 1, 0, 0}});

    private static List<Tensor> callMasked(Layer layer, List<Tensor> inputs, List<INDArray> masks, boolean training) {
        try (TrainingRandom ignored = TrainingRandom.use(new Random(7))) {
            return layer.callOn(inputs, masks, training);
        }
    }

    @Test
    void weightsInKerasOrderAndShapes() {
        MultiHeadAttention mha = new MultiHeadAttention(2, 3).valueDim(4).useGate(true).outputShape(5).name("mha");
        mha.ensureBuilt(List.of(new long[] {-1, 4, 6}, new long[] {-1, 7, 8}));
        assertEquals(List.of("mha/query/kernel:0", "mha/query/bias:0", "mha/key/kernel:0", "mha/key/bias:0",
                "mha/gate/kernel:0", "mha/gate/bias:0", "mha/value/kernel:0", "mha/value/bias:0",
                "mha/attention_output/kernel:0", "mha/attention_output/bias:0"),
                mha.variables().stream().map(Variable::name).toList());
        List<long[]> shapes = mha.variables().stream().map(v -> v.value().shape()).toList();
        long[][] want = {{6, 2, 3}, {2, 3}, {8, 2, 3}, {2, 3}, {6, 2, 4}, {2, 4}, {8, 2, 4}, {2, 4}, {2, 4, 5}, {5}};
        for (int i = 0; i < want.length; i++) {
            assertArrayEquals(want[i], shapes.get(i), "weight " + i);
        }
    }

    @Test
    void gradientsWithMasksCausalGateAndDropout() {
        INDArray q = TestArrays.uniform(1, -1, 1, 2, 3, 2);
        INDArray v = TestArrays.uniform(2, -1, 1, 2, 3, 3);
        INDArray k = TestArrays.uniform(3, -1, 1, 2, 3, 2);
        INDArray mask = Nd4j.create(new double[][] {{1, 1, 0}, {1, 0, 1}});
        for (MultiHeadAttention mha : List.of(
                new MultiHeadAttention(2, 1).useCausalMask(true).biasInitializer("random_normal"),
                new MultiHeadAttention(2, 1).valueDim(2).useGate(true).outputShape(2, 1).dropout(0.3)
                        .biasInitializer("random_normal"),
                new MultiHeadAttention(1, 2).useBias(false).returnAttentionScores(true).slidingWindow(2))) {
            List<INDArray> masks = Arrays.asList(mask, mask, mask);
            GradientCheck.check(t -> sumOutputs(callMasked(mha, t, masks, true)), q, v, k);
            checkWeights(mha, List.of(Tensor.of(q), Tensor.of(v), Tensor.of(k)), masks);
        }
    }

    private static Tensor sumOutputs(List<Tensor> outs) {
        Tensor s = outs.get(0).mul(Tensor.of(TestArrays.uniform(11, 0.5, 1.5, outs.get(0).shape()))).sum();
        for (int i = 1; i < outs.size(); i++) {
            s = s.add(outs.get(i).mul(Tensor.of(TestArrays.uniform(12, 0.5, 1.5, outs.get(i).shape()))).sum());
        }
        return s;
    }

    private static void checkWeights(Layer layer, List<Tensor> xs, List<INDArray> masks) {
        for (Variable v : layer.trainableWeights()) {
            v.zeroGrad();
        }
        sumOutputs(callMasked(layer, xs, masks, true)).backward();
        double h = 1e-6;
        for (Variable v : layer.trainableWeights()) {
            INDArray analytic = v.grad().dup().reshape(v.value().length());
            INDArray flat = v.value().reshape(v.value().length());
            for (long i = 0; i < flat.length(); i++) {
                double orig = flat.getDouble(i);
                flat.putScalar(i, orig + h);
                double plus = sumOutputs(callMasked(layer, xs, masks, true)).item();
                flat.putScalar(i, orig - h);
                double minus = sumOutputs(callMasked(layer, xs, masks, true)).item();
                flat.putScalar(i, orig);
                double numeric = (plus - minus) / (2 * h);
                double a = analytic.getDouble(i);
                assertTrue(Math.abs(a - numeric) <= 1e-7 + 1e-5 * Math.max(Math.abs(a), Math.abs(numeric)),
                        v.name() + " element " + i + ": autodiff " + a + " vs finite difference " + numeric);
            }
            v.zeroGrad();
        }
    }

    @Test
    void paddingChangesNothingAtValidSteps() {
        // Keras's implicit masks: padded steps neither attend nor are attended to, so the valid steps
        // of a padded sequence equal the unpadded sequence's outputs.
        MultiHeadAttention mha = new MultiHeadAttention(2, 3).biasInitializer("random_normal");
        INDArray full = TestArrays.uniform(5, -1, 1, 1, 6, 4);
        INDArray padded = full.dup();
        padded.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 6), NDArrayIndex.all()).assign(9.0);
        INDArray mask = Nd4j.create(new double[][] {{1, 1, 1, 1, 0, 0}});
        Tensor p = Tensor.of(padded);
        INDArray got = mha.callOn(List.of(p, p), Arrays.asList(mask, mask), false).get(0).value();
        Tensor trimmed = Tensor.of(full.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4), NDArrayIndex.all()).dup());
        INDArray want = mha.callOn(List.of(trimmed, trimmed), false).get(0).value();
        assertAllClose(want, got.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4), NDArrayIndex.all()).dup(),
                1e-12, 1e-12);
    }

    @Test
    void embeddingMaskReachesAttentionInAFunctionalModelAndTheOutputKeepsIt() {
        Tensor ids = Input.of(4);
        Embedding emb = new Embedding(10, 6).maskZero(true);
        Tensor x = emb.apply(ids);
        MultiHeadAttention mha = new MultiHeadAttention(2, 3).biasInitializer("random_normal");
        Tensor y = mha.apply(x, x);
        Tensor pooled = new GlobalAveragePooling1D().apply(y);
        Model model = new Model(List.of(ids), List.of(pooled));
        INDArray idArr = Nd4j.create(new double[][] {{3, 1, 4, 0}, {5, 9, 0, 0}});
        INDArray got = model.predict(idArr);
        Tensor e = emb.callOn(List.of(Tensor.of(idArr)), false).get(0);
        INDArray mask = idArr.neq(0).castTo(e.value().dataType());
        INDArray att = mha.callOn(List.of(e, e), Arrays.asList(mask, mask), false).get(0).value();
        // masked mean over valid steps, by hand
        INDArray want = Nd4j.create(e.value().dataType(), 2, 6);
        for (int b = 0; b < 2; b++) {
            double n = mask.getRow(b).sumNumber().doubleValue();
            for (int t = 0; t < 4; t++) {
                if (mask.getDouble(b, t) == 1) {
                    want.getRow(b).addi(att.get(NDArrayIndex.point(b), NDArrayIndex.point(t), NDArrayIndex.all()).div(n));
                }
            }
        }
        assertAllClose(want, got, 1e-12, 1e-12);
        assertEquals(mask, mha.computeMask(List.of(e, e), Arrays.asList(mask, mask)).get(0));
    }

    @Test
    void scoresAreSoftmaxRowsWithMaskedKeysAtZeroAndDropoutOnlyWhileTraining() {
        MultiHeadAttention mha = new MultiHeadAttention(2, 2).returnAttentionScores(true).dropout(0.5);
        Tensor x = Tensor.of(TestArrays.uniform(8, -1, 1, 2, 4, 3));
        List<Tensor> out = mha.callOn(List.of(x, x), Arrays.asList(null, MASK), false);
        INDArray scores = out.get(1).value();
        assertArrayEquals(new long[] {2, 2, 4, 4}, scores.shape());
        assertAllClose(Nd4j.ones(2, 2, 4), scores.sum(3), 1e-12, 1e-12);
        assertEquals(0.0, scores.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(2, 4)).amaxNumber().doubleValue());
        INDArray inference = mha.callOn(List.of(x, x), false).get(0).value();
        assertEquals(inference, mha.callOn(List.of(x, x), false).get(0).value());
        INDArray train1 = callMasked(mha, List.of(x, x), null, true).get(0).value();
        assertEquals(train1, callMasked(mha, List.of(x, x), null, true).get(0).value(), "seeded dropout repeats");
        assertFalse(train1.equalsWithEps(inference, 1e-6), "dropout changed nothing while training");
    }

    @Test
    void configRoundTripWithKerasKeys() {
        MultiHeadAttention mha = new MultiHeadAttention(4, 8).valueDim(6).dropout(0.1).useBias(false)
                .outputShape(3, 2).slidingWindow(3).useGate(true).seed(5L).kernelRegularizer("l2")
                .attentionAxes(1);
        LayerTesting.assertRoundTrip(mha);
        assertEquals(List.of("name", "trainable", "dtype", "num_heads", "key_dim", "value_dim", "dropout", "use_bias",
                "use_gate", "output_shape", "attention_axes", "sliding_window", "kernel_initializer",
                "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer",
                "kernel_constraint", "bias_constraint", "seed"), List.copyOf(mha.config().keySet()));
        MultiHeadAttention plain = new MultiHeadAttention(2, 4);
        assertEquals(4, plain.config().get("value_dim"));
        LayerTesting.assertRoundTrip(plain);
        java.util.Map<String, Object> c = new java.util.HashMap<>(plain.config());
        c.put("output_shape", 7);
        c.put("attention_axes", List.of(-2));
        c.put("flash_attention", null);
        MultiHeadAttention fromKeras = (MultiHeadAttention) LayerTesting.create("MultiHeadAttention", c);
        assertEquals(List.of(new long[] {-1, 3, 7}).get(0)[2],
                fromKeras.computeOutputShape(List.of(new long[] {-1, 3, 5}, new long[] {-1, 2, 5})).get(0)[2]);
    }

    @Test
    void badShapesAndOptionsNameTheLayerAndTheShapes() {
        MultiHeadAttention mha = new MultiHeadAttention(2, 2).name("att");
        LayerShapeException rank = assertThrows(LayerShapeException.class,
                () -> mha.ensureBuilt(List.of(new long[] {-1, 4}, new long[] {-1, 4, 3})));
        assertEquals("Layer 'att' (MultiHeadAttention) expects the query of rank 3 (batch, steps, features) but"
                + " received shape (None, 4); other ranks and attention_axes are not supported here.", rank.getMessage());
        LayerShapeException kv = assertThrows(LayerShapeException.class, () -> mha.ensureBuilt(
                List.of(new long[] {-1, 4, 3}, new long[] {-1, 5, 3}, new long[] {-1, 6, 3})));
        assertTrue(kv.getMessage().contains("value shape (None, 5, 3) and key shape (None, 6, 3)"), kv.getMessage());
        mha.ensureBuilt(List.of(new long[] {-1, 4, 3}, new long[] {-1, 5, 3}));
        LayerShapeException built = assertThrows(LayerShapeException.class,
                () -> mha.ensureBuilt(List.of(new long[] {-1, 4, 7}, new long[] {-1, 5, 3})));
        assertEquals("Layer 'att' expects input shape (None, 4, 3) but received (None, 4, 7). MultiHeadAttention was"
                + " built for a query with 3 features.", built.getMessage());
        LayerShapeException am = assertThrows(LayerShapeException.class, () -> mha.ensureBuilt(List.of(
                new long[] {-1, 4, 3}, new long[] {-1, 5, 3}, new long[] {-1, 5, 3}, new long[] {-1, 5, 4})));
        assertTrue(am.getMessage().contains("attention_mask of shape (batch, query steps, key steps) = (None, 4, 5)"
                + " but received (None, 5, 4)"), am.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(0, 2));
        IllegalArgumentException axes = assertThrows(IllegalArgumentException.class,
                () -> new MultiHeadAttention(2, 2).attentionAxes(1, 2).ensureBuilt(
                        List.of(new long[] {-1, 4, 3}, new long[] {-1, 4, 3})));
        assertTrue(axes.getMessage().contains("attention_axes=[1, 2] is not supported"), axes.getMessage());
    }
}
