package dev.athanor.core.layers;

import static dev.athanor.core.testing.Asserts.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.AddedLosses;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.constraints.MaxNorm;
import dev.athanor.core.initializers.HeNormal;
import dev.athanor.core.regularizers.L2;
import dev.athanor.core.testing.TestArrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DenseTest extends Float64Test {

    private static INDArray x(long seed, long... shape) {
        return TestArrays.uniform(seed, -1, 1, shape);
    }

    @Test
    void forwardMatchesHandComputedReluOfAffine() {
        Dense d = new Dense(3).activation("relu");
        INDArray in = x(1, 4, 2);
        Tensor out = LayerTesting.run1(d, false, in);
        INDArray k = d.kernel().value();
        INDArray b = Nd4j.create(new double[] {0.1, -0.2, 0.3});
        d.bias().value().assign(b);
        out = LayerTesting.run1(d, false, in);
        double[] expected = new double[12];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                double acc = b.getDouble(j);
                for (int f = 0; f < 2; f++) {
                    acc += in.getDouble(i, f) * k.getDouble(f, j);
                }
                expected[i * 3 + j] = Math.max(acc, 0);
            }
        }
        assertAllClose(expected, out.value().dup().data().asDouble(), 1e-12, 1e-12);
    }

    @Test
    void weightsAreNamedAndOrderedAsKeras() {
        Dense d = new Dense(5).name("dense_w");
        LayerTesting.run1(d, false, x(1, 2, 3));
        List<Variable> vars = d.variables();
        assertEquals("dense_w/kernel:0", vars.get(0).name());
        assertEquals("dense_w/bias:0", vars.get(1).name());
        assertArrayEquals(new long[] {3, 5}, vars.get(0).value().shape());
        assertArrayEquals(new long[] {5}, vars.get(1).value().shape());
        assertEquals(20, d.countParams());
        Dense noBias = new Dense(5).useBias(false);
        LayerTesting.run1(noBias, false, x(1, 2, 3));
        assertEquals(1, noBias.variables().size());
    }

    @Test
    void rankThreeInputAppliesToLastAxis() {
        Dense d = new Dense(5).activation("tanh");
        INDArray in = x(2, 2, 3, 4);
        assertArrayEquals(new long[] {-1, 3, 5}, d.computeOutputShape(List.of(new long[] {-1, 3, 4})).get(0));
        INDArray out = LayerTesting.run1(d, false, in).value();
        assertArrayEquals(new long[] {2, 3, 5}, out.shape());
        for (int t = 0; t < 3; t++) {
            INDArray slice = in.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(t), org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
            INDArray expected = org.nd4j.linalg.ops.transforms.Transforms.tanh(
                    slice.mmul(d.kernel().value()).addRowVector(d.bias().value()), true);
            INDArray actual = out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(t), org.nd4j.linalg.indexing.NDArrayIndex.all()).dup();
            assertAllClose(expected, actual, 1e-12, 1e-12);
        }
    }

    @Test
    void gradientsRankTwo() {
        Dense d = new Dense(3).activation("tanh").biasInitializer("random_normal");
        INDArray in = x(3, 4, 5);
        LayerTesting.checkInputGradient(d, true, in);
        LayerTesting.checkWeightGradients(d, true, in);
    }

    @Test
    void gradientsRankThreeWithSoftmax() {
        Dense d = new Dense(4).activation("softmax");
        INDArray in = x(4, 2, 3, 2);
        LayerTesting.checkInputGradient(d, true, in);
        LayerTesting.checkWeightGradients(d, true, in);
    }

    @Test
    void wrongFeatureCountNamesLayerAndBothShapes() {
        Dense d = new Dense(2).name("dense_shape");
        LayerTesting.run1(d, false, x(1, 3, 4));
        LayerShapeException e = assertThrows(LayerShapeException.class,
                () -> LayerTesting.run1(d, false, x(1, 3, 5)));
        assertEquals("Layer 'dense_shape' expects input shape (None, 4) but received (None, 5)."
                + " Dense was built for 4 input features but received 5.", e.getMessage());
        LayerShapeException rank = assertThrows(LayerShapeException.class,
                () -> LayerTesting.run1(new Dense(2).name("dense_rank"), false, Nd4j.ones(3)));
        assertEquals("Layer 'dense_rank' expects an input of rank >= 2 (batch, ..., features) but received shape (None,).",
                rank.getMessage());
    }

    @Test
    void unitsMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dense(0));
        assertEquals("`units` must be a positive integer. Received: units=0", e.getMessage());
    }

    @Test
    void configHasKerasKeysAndRoundTrips() {
        Dense d = new Dense(64).activation("relu").useBias(false).kernelInitializer("he_normal").name("dense_cfg");
        Map<String, Object> c = d.config();
        assertEquals(List.of("name", "trainable", "dtype", "units", "activation", "use_bias", "kernel_initializer",
                "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer",
                "kernel_constraint", "bias_constraint"), List.copyOf(c.keySet()));
        assertEquals(64, c.get("units"));
        assertEquals("relu", c.get("activation"));
        assertEquals(false, c.get("use_bias"));
        Map<String, Object> seedNull = new java.util.LinkedHashMap<>();
        seedNull.put("seed", null);
        assertEquals(Map.of("class_name", "HeNormal", "config", seedNull), c.get("kernel_initializer"));
        assertEquals(Map.of("class_name", "Zeros", "config", Map.of()), c.get("bias_initializer"));
        assertEquals(null, c.get("activity_regularizer"));
        LayerTesting.assertRoundTrip(d);
        Dense full = new Dense(3).kernelRegularizer(new L2(0.5)).biasRegularizer("l1").activityRegularizer("l2")
                .kernelConstraint(new MaxNorm(3.0)).biasConstraint("non_neg").kernelInitializer(new HeNormal(7))
                .inputDim(4);
        Dense again = (Dense) LayerTesting.assertRoundTrip(full);
        assertEquals(java.util.Arrays.asList(null, 4L), again.config().get("batch_input_shape"));
    }

    @Test
    void kerasJsonConfigIsAccepted() {
        Map<String, Object> kerasConfig = dev.athanor.core.testing.Json.roundTrip(Map.of(
                "name", "dense_k", "trainable", true, "dtype", "float32", "units", 2, "activation", "linear",
                "use_bias", true,
                "kernel_initializer", Map.of("class_name", "GlorotUniform", "config", Map.of()),
                "bias_initializer", Map.of("class_name", "Zeros", "config", Map.of()),
                "kernel_regularizer", Map.of("class_name", "L2", "config", Map.of("l2", 0.25))));
        Dense d = (Dense) LayerTesting.create("Dense", kerasConfig);
        LayerTesting.run1(d, false, x(1, 2, 3));
        double k2 = d.kernel().value().mul(d.kernel().value()).sumNumber().doubleValue();
        assertEquals(0.25 * k2, d.regularizationLosses().get(0).item(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerTesting.create("Dense", Map.of("units", 2, "unit", 3)));
        assertTrue(e.getMessage().startsWith("Unknown config key 'unit' for Dense."), e.getMessage());
    }

    @Test
    void activityRegularizerAddsMeanPenaltyPerBatch() {
        Dense d = new Dense(2).activityRegularizer(new dev.athanor.core.regularizers.L1(0.5));
        INDArray in = x(5, 4, 3);
        try (AddedLosses losses = AddedLosses.collect()) {
            INDArray out = LayerTesting.run1(d, true, in).value();
            assertEquals(1, losses.losses().size());
            double expected = 0.5 * org.nd4j.linalg.ops.transforms.Transforms.abs(out, true).sumNumber().doubleValue() / 4;
            assertEquals(expected, losses.losses().get(0).item(), 1e-12);
        }
    }
}
