package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.Tensor;
import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.GradientCheck;
import dev.athanor.core.testing.TestArrays;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ReLU, LeakyReLU, PReLU, ELU and Softmax beyond the Keras goldens ({@link EverydayLayersGoldenTest}):
 * finite-difference gradients in double, config keys and round trips, Keras 2 spellings, refused
 * values and shape errors.
 */
class ActivationLayersTest extends Float64Test {

    /** Uniform values kept 0.05 away from the kinks, so central differences see one linear piece. */
    private static INDArray away(long seed, double[] kinks, long... shape) {
        INDArray x = TestArrays.uniform(seed, -2, 2, shape);
        INDArray flat = x.reshape(x.length());
        for (long i = 0; i < flat.length(); i++) {
            double v = flat.getDouble(i);
            for (double k : kinks) {
                if (Math.abs(v - k) < 0.05) {
                    v = k + (v >= k ? 0.06 : -0.06);
                }
            }
            flat.putScalar(i, v);
        }
        return x;
    }

    @Test
    void finiteDifferenceGradients() {
        INDArray x = away(1, new double[] {0, 0.5, 1.5}, 3, 4, 2);
        for (Layer layer : List.<Layer>of(new ReLU(), new ReLU().maxValue(1.5).negativeSlope(0.2).threshold(0.5),
                new ReLU().negativeSlope(0.3), new LeakyReLU(), new ELU(0.7), new Softmax(1),
                new Softmax().axes(1, 2), new PReLU().sharedAxes(2))) {
            LayerTesting.checkInputGradient(layer, false, x);
        }
        PReLU p = new PReLU().alphaInitializer("glorot_uniform");
        LayerTesting.checkInputGradient(p, false, x);
        LayerTesting.checkWeightGradients(p, false, x);
        PReLU shared = new PReLU().sharedAxes(1).alphaInitializer("glorot_uniform");
        LayerTesting.checkWeightGradients(shared, false, x);
        assertArrayEquals(new long[] {1, 2}, shared.alpha().value().shape());
    }

    @Test
    void softmaxMaskGradientsAndFullyMaskedRows() {
        INDArray mask = Nd4j.create(new double[][] {{1, 1, 0, 1}, {0, 0, 0, 0}, {1, 0, 1, 1}}).reshape(3, 1, 4);
        INDArray scores = TestArrays.uniform(3, -2, 2, 3, 2, 4);
        Softmax s = new Softmax();
        GradientCheck.check(t -> LayerTesting.run(s, false, List.of(t.get(0), Tensor.of(mask))).get(0), scores);
        INDArray y = LayerTesting.run(s, false, List.of(Tensor.of(scores), Tensor.of(mask))).get(0).value();
        Asserts.assertAllClose(Nd4j.zeros(2, 4), y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1)), 0, 0);
        Asserts.assertAllClose(Nd4j.create(new double[][] {{1, 1}, {0, 0}, {1, 1}}), y.sum(2), 1e-12, 1e-12);
        assertEquals(0.0, y.getDouble(0, 0, 2), 0.0);
    }

    @Test
    void configsUseKerasKeysAndRoundTrip() {
        ReLU r = new ReLU().maxValue(6.0).negativeSlope(0.1).threshold(0.2);
        LayerTesting.assertRoundTrip(r);
        assertEquals(List.of("name", "trainable", "dtype", "max_value", "negative_slope", "threshold"),
                List.copyOf(r.config().keySet()));
        LayerTesting.assertRoundTrip(new ReLU());
        assertEquals(0.3, new LeakyReLU().config().get("negative_slope"));
        LayerTesting.assertRoundTrip(new LeakyReLU(0.01));
        LayerTesting.assertRoundTrip(new ELU(0.5));
        LayerTesting.assertRoundTrip(new Softmax(1));
        LayerTesting.assertRoundTrip(new Softmax().axes(1, 2));
        assertEquals(List.of(1, 2), new Softmax().axes(1, 2).config().get("axis"));
        PReLU p = new PReLU().sharedAxes(1, 2).alphaInitializer("ones").alphaRegularizer("l2")
                .alphaConstraint("non_neg");
        LayerTesting.assertRoundTrip(p);
        assertEquals(List.of("name", "trainable", "dtype", "alpha_initializer", "alpha_regularizer",
                "alpha_constraint", "shared_axes"), List.copyOf(p.config().keySet()));
        LayerTesting.assertRoundTrip(new PReLU());
    }

    @Test
    void kerasTwoSpellingsAreRead() {
        Map<String, Object> keras2 = new HashMap<>(Map.of("name", "lrelu", "alpha", 0.05));
        LeakyReLU l = (LeakyReLU) LayerTesting.create("LeakyReLU", keras2);
        assertEquals(0.05, l.config().get("negative_slope"));
        assertEquals(false, l.config().containsKey("alpha"));
        PReLU p = (PReLU) LayerTesting.create("PReLU", Map.of("shared_axes", 1));
        assertEquals(List.of(1), p.config().get("shared_axes"));
    }

    @Test
    void refusedValuesSayWhatWasWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReLU().maxValue(-1.0));
        assertEquals("max_value of a ReLU layer cannot be a negative value. Received: max_value=-1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReLU().threshold(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(-0.2));
        assertThrows(IllegalArgumentException.class, () -> new PReLU().sharedAxes(0));
    }

    @Test
    void badShapesNameTheLayerAndBothShapes() {
        PReLU p = new PReLU().name("pr");
        p.ensureBuilt(List.of(new long[] {-1, 3, 4}));
        LayerShapeException e = assertThrows(LayerShapeException.class,
                () -> p.ensureBuilt(List.of(new long[] {-1, 3, 5})));
        assertEquals("Layer 'pr' (PReLU) was built for inputs (None, 3, 4) (shared_axes null) but received"
                + " (None, 3, 5).", e.getMessage());
        LayerShapeException unknown = assertThrows(LayerShapeException.class,
                () -> new PReLU().name("pu").ensureBuilt(List.of(new long[] {-1, -1, 4})));
        assertEquals("Layer 'pu' (PReLU) needs a known size on axis 1 of its input (None, None, 4) for its alpha"
                + " weight; list the axis in shared_axes to share one alpha along it.", unknown.getMessage());
        Softmax s = new Softmax().name("sm");
        LayerShapeException m = assertThrows(LayerShapeException.class,
                () -> s.ensureBuilt(List.of(new long[] {-1, 3, 4}, new long[] {-1, 3})));
        assertEquals("Layer 'sm' (Softmax): the mask must be broadcastable to the inputs (each mask dimension 1 or"
                + " equal to the input's, aligned from the last axis, and no more dimensions). Received:"
                + " inputs.shape=(None, 3, 4), mask.shape=(None, 3).", m.getMessage());
        assertThrows(LayerShapeException.class, () -> new Softmax(3).ensureBuilt(List.of(new long[] {-1, 4})));
        PReLU sharedOk = new PReLU().sharedAxes(1);
        sharedOk.ensureBuilt(List.of(new long[] {-1, -1, 4}));
        assertEquals(Arrays.asList(1L, 4L), Arrays.stream(sharedOk.alpha().value().shape()).boxed().toList());
    }
}
