package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Tensor;
import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.TestArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Normalization beyond the Keras goldens ({@link PreprocessingGoldenTest}): finite-difference input
 * gradients in double, adapt against a hand computation (and batch-by-batch equal to all at once),
 * weights as Keras keeps them, configs and round trips, refused values and shape errors.
 */
class NormalizationTest extends Float64Test {

    @Test
    void finiteDifferenceInputGradients() {
        INDArray data = TestArrays.uniform(1, -3, 5, 30, 3, 4);
        INDArray x = TestArrays.uniform(2, -2, 2, 2, 3, 4);
        for (Normalization n : List.of(new Normalization(), new Normalization().axis(1),
                new Normalization().axis(), new Normalization().axis(1, 2).invert(true))) {
            n.adapt(data);
            LayerTesting.checkInputGradient(n, false, x);
        }
        LayerTesting.checkInputGradient(new Normalization().meanVariance(Nd4j.create(new double[] {1, 2, 3, 4}),
                Nd4j.create(new double[] {0.5, 2, 1, 3})), false, x);
    }

    @Test
    void adaptComputesMeanAndPopulationVarianceByHand() {
        INDArray data = Nd4j.create(new double[][] {{0, 7, 4}, {2, 9, 6}, {0, 7, 4}, {2, 9, 6}});
        Normalization n = new Normalization().adapt(data);
        Asserts.assertAllClose(Nd4j.create(new double[] {1, 8, 5}), n.mean().value(), 1e-14, 1e-14);
        Asserts.assertAllClose(Nd4j.create(new double[] {1, 1, 1}), n.variance().value(), 1e-14, 1e-14);
        // Keras's docstring example: [[0, 7, 4]] -> [-1, -1, -1]; inverted, [1, 2, 3] -> [2, 10, 8]
        Asserts.assertAllClose(Nd4j.create(new double[][] {{-1, -1, -1}}),
                LayerTesting.run1(n, false, Nd4j.create(new double[][] {{0, 7, 4}})).value(), 1e-14, 1e-14);
        Normalization inv = new Normalization().invert(true).adapt(data);
        Asserts.assertAllClose(Nd4j.create(new double[][] {{2, 10, 8}}),
                LayerTesting.run1(inv, false, Nd4j.create(new double[][] {{1, 2, 3}})).value(), 1e-14, 1e-14);
        Normalization scalar = new Normalization().axis().adapt(Nd4j.create(new double[] {1, 2, 3, 4, 5}));
        Asserts.assertAllClose(Nd4j.create(new double[] {-Math.sqrt(2), -Math.sqrt(0.5), 0}),
                LayerTesting.run1(scalar, false, Nd4j.create(new double[] {1, 2, 3})).value(), 1e-15, 1e-15);
        assertEquals(List.of("mean", "variance", "count"), n.variables().stream()
                .map(v -> v.baseName().substring(v.baseName().indexOf('/') + 1)).toList());
        assertTrue(n.trainableWeights().isEmpty(), "Keras's mean/variance/count are non-trainable");
        assertEquals(DataType.LONG, n.variables().get(2).value().dataType());
        assertEquals(0L, n.variables().get(2).value().getLong(0), "count stays 0 as in Keras 3");
    }

    @Test
    void adaptInBatchesEqualsAdaptAtOnce() {
        INDArray data = TestArrays.uniform(3, -4, 9, 23, 2, 3);
        Normalization once = new Normalization().axis(2).adapt(data);
        List<INDArray> batches = new ArrayList<>();
        for (int from = 0; from < 23; from += 5) {
            batches.add(data.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, Math.min(23, from + 5))).dup());
        }
        Normalization batched = new Normalization().axis(2).adapt(batches);
        Asserts.assertAllClose(once.mean().value(), batched.mean().value(), 1e-13, 1e-13);
        Asserts.assertAllClose(once.variance().value(), batched.variance().value(), 1e-13, 1e-13);
        // adapting again replaces the statistics (as Keras: no accumulation across adapt calls)
        once.adapt(data.mul(2));
        Asserts.assertAllClose(batched.variance().value().mul(4), once.variance().value(), 1e-13, 1e-13);
    }

    @Test
    void masksPass() {
        Normalization n = new Normalization().adapt(TestArrays.uniform(4, 0, 1, 10, 3));
        INDArray mask = Nd4j.create(new double[][] {{1, 0}, {1, 1}});
        List<INDArray> out = n.computeMask(List.of(Tensor.of(Nd4j.zeros(2, 2, 3))), java.util.Arrays.asList(mask));
        assertEquals(mask, out.get(0));
    }

    @Test
    void configsUseKerasKeysAndRoundTrip() {
        Normalization n = new Normalization();
        assertEquals(List.of("name", "trainable", "dtype", "axis", "invert", "mean", "variance"),
                List.copyOf(n.config().keySet()));
        assertEquals(List.of(-1), n.config().get("axis"));
        assertNull(n.config().get("mean"));
        LayerTesting.assertRoundTrip(n);
        LayerTesting.assertRoundTrip(new Normalization().axis(1, 2).invert(true));
        LayerTesting.assertRoundTrip(new Normalization().axis());
        Normalization given = new Normalization().axis(1, 2).meanVariance(Nd4j.create(new double[][] {{1, 2}, {3, 4}}),
                Nd4j.create(new double[][] {{1, 1}, {2, 2}}));
        LayerTesting.assertRoundTrip(given);
        assertEquals(List.of(List.of(1.0, 2.0), List.of(3.0, 4.0)), given.config().get("mean"));
        Normalization fromKeras = (Normalization) LayerTesting.create("Normalization",
                Map.of("axis", 1, "mean", 3.0, "variance", 4.0));
        assertEquals(List.of(1), fromKeras.config().get("axis"));
        Asserts.assertAllClose(Nd4j.create(new double[][] {{-1.5, 0.5}}),
                LayerTesting.run1(fromKeras, false, Nd4j.create(new double[][] {{0, 4}})).value(), 0, 0);
        java.util.HashMap<String, Object> none = new java.util.HashMap<>();
        none.put("axis", null);
        assertEquals(List.of(), LayerTesting.create("Normalization", none).config().get("axis"));
        given.ensureBuilt(List.of(new long[] {-1, 2, 2}));
        assertTrue(given.variables().isEmpty(), "given statistics are constants, not weights (as Keras)");
    }

    @Test
    void refusedValuesAndShapesSayWhatWasWrong() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> LayerTesting.create("Normalization", Map.of("mean", 1.0)));
        assertTrue(both.getMessage().contains("both `mean` and `variance` must be set"), both.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Normalization().meanVariance(Nd4j.create(new double[] {1, 2}),
                Nd4j.create(new double[] {1, 2, 3})));
        assertThrows(IllegalArgumentException.class, () -> new Normalization().meanVariance(Nd4j.ones(2, 2),
                Nd4j.ones(2, 2)));
        Normalization given = new Normalization().meanVariance(1, 1);
        given.name("given");
        IllegalStateException adapt = assertThrows(IllegalStateException.class, () -> given.adapt(Nd4j.ones(3, 2)));
        assertTrue(adapt.getMessage().startsWith("Layer 'given' (Normalization) was given `mean` and `variance`"),
                adapt.getMessage());
        Normalization n = new Normalization().name("norm");
        n.adapt(Nd4j.rand(DataType.DOUBLE, 5, 3));
        LayerShapeException wrong = assertThrows(LayerShapeException.class,
                () -> n.ensureBuilt(List.of(new long[] {-1, 4})));
        assertEquals("Layer 'norm' expects input shape (None, 3) but received (None, 4). Normalization keeps axes [1]"
                + " and was built for their sizes.", wrong.getMessage());
        LayerShapeException data = assertThrows(LayerShapeException.class, () -> n.adapt(Nd4j.ones(5, 4)));
        assertTrue(data.getMessage().startsWith("Layer 'norm' (Normalization) was built with input shape (None, 3), but"
                + " adapt() is being called with data of an incompatible shape [5, 4]"), data.getMessage());
        LayerShapeException axis = assertThrows(LayerShapeException.class,
                () -> new Normalization().axis(2).name("ax").ensureBuilt(List.of(new long[] {-1, 3})));
        assertTrue(axis.getMessage().startsWith("Layer 'ax' (Normalization): all `axis` values must be in the range"),
                axis.getMessage());
        LayerShapeException unknown = assertThrows(LayerShapeException.class,
                () -> new Normalization().axis(1).name("un").ensureBuilt(List.of(new long[] {-1, -1, 3})));
        assertTrue(unknown.getMessage().contains("unknown size at axis 1"), unknown.getMessage());
        LayerShapeException broadcast = assertThrows(LayerShapeException.class, () -> new Normalization().axis(1, 2)
                .meanVariance(Nd4j.ones(4), Nd4j.ones(4)).name("bc").ensureBuilt(List.of(new long[] {-1, 3, 2})));
        assertTrue(broadcast.getMessage().startsWith("Layer 'bc' (Normalization): `mean`/`variance` of shape [4] do not"
                + " broadcast"), broadcast.getMessage());
        assertArrayEquals(new long[] {3}, n.mean().value().shape());
    }
}
