package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.AddedLosses;
import dev.athanor.core.Tensor;
import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.TestArrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Rescaling, ActivityRegularization, GaussianNoise and GaussianDropout beyond the Keras goldens
 * ({@link EverydayLayersGoldenTest}, which covers their inference outputs, gradients and Keras's
 * activity loss): noise statistics in training, seeding, gradients, the added loss, configs, errors.
 */
class RegularizationLayersTest extends Float64Test {

    @Test
    void gaussianNoiseAndDropoutHaveKerasStatisticsInTrainingOnly() {
        INDArray ones = Nd4j.ones(200, 100).muli(2.0);
        GaussianNoise noise = new GaussianNoise(0.3).seed(5L);
        assertSame(ones, LayerTesting.run1(noise, false, ones).value(), "inference passes the input through");
        INDArray n = LayerTesting.run1(noise, true, ones).value().sub(ones);
        assertEquals(0.0, n.meanNumber().doubleValue(), 0.01);
        assertEquals(0.3, n.stdNumber().doubleValue(), 0.005);
        GaussianDropout drop = new GaussianDropout(0.2).seed(5L);
        assertSame(ones, LayerTesting.run1(drop, false, ones).value());
        INDArray d = LayerTesting.run1(drop, true, ones).value().div(ones);
        assertEquals(1.0, d.meanNumber().doubleValue(), 0.01);
        assertEquals(Math.sqrt(0.2 / 0.8), d.stdNumber().doubleValue(), 0.005);
        // seeded: the same seed gives the same noise, draws differ between calls
        INDArray a = LayerTesting.run1(new GaussianNoise(0.3).seed(9L).name("gn_a"), true, ones).value();
        INDArray b = LayerTesting.run1(new GaussianNoise(0.3).seed(9L).name("gn_a"), true, ones).value();
        assertEquals(a, b);
        assertNotEquals(a, LayerTesting.run1(noise, true, ones).value());
    }

    @Test
    void finiteDifferenceGradients() {
        INDArray x = TestArrays.uniform(1, -1, 1, 3, 4);
        for (Layer layer : List.<Layer>of(new GaussianNoise(0.4), new GaussianDropout(0.3), new Rescaling(0.5, 0.1),
                new Rescaling(1).scales(0.5, 2, -1, 3).offsets(1, 2, 3, 4), new ActivityRegularization(0.1, 0.2))) {
            LayerTesting.checkInputGradient(layer, true, x);
        }
    }

    @Test
    void activityRegularizationAddsKerasPenaltyDividedByBatch() {
        INDArray x = TestArrays.uniform(2, -1, 1, 4, 3);
        ActivityRegularization ar = new ActivityRegularization(0.01, 0.2);
        try (AddedLosses losses = AddedLosses.collect()) {
            Tensor out = LayerTesting.run1(ar, true, x);
            assertSame(x, out.value());
            assertEquals(1, losses.losses().size());
            double want = (0.01 * Transforms.abs(x).sumNumber().doubleValue()
                    + 0.2 * x.mul(x).sumNumber().doubleValue()) / 4;
            assertEquals(want, losses.losses().get(0).item(), 1e-12);
        }
        try (AddedLosses losses = AddedLosses.collect()) {
            LayerTesting.run1(new ActivityRegularization(), true, x);
            assertEquals(0, losses.losses().size(), "no penalty, no loss term");
        }
    }

    @Test
    void rescalingPerChannel() {
        INDArray x = TestArrays.uniform(3, 0, 255, 2, 2, 3);
        INDArray y = LayerTesting.run1(new Rescaling(1).scales(1, 2, 3).offsets(0, 0, -1), false, x).value();
        assertEquals(x.getDouble(1, 1, 2) * 3 - 1, y.getDouble(1, 1, 2), 1e-12);
        Asserts.assertAllClose(x.div(255), LayerTesting.run1(new Rescaling(1 / 255.0), false, x).value(), 1e-15, 0);
    }

    @Test
    void configsAndErrors() {
        LayerTesting.assertRoundTrip(new Rescaling(1 / 255.0));
        LayerTesting.assertRoundTrip(new Rescaling(1).scales(0.5, 2).offsets(1, 2));
        assertEquals(List.of(0.5, 2.0), new Rescaling(1).scales(0.5, 2).config().get("scale"));
        assertEquals(List.of("name", "trainable", "dtype", "scale", "offset"),
                List.copyOf(new Rescaling(2).config().keySet()));
        LayerTesting.assertRoundTrip(new ActivityRegularization(0.1, 0.0));
        assertEquals(List.of("name", "trainable", "dtype", "l1", "l2"),
                List.copyOf(new ActivityRegularization().config().keySet()));
        LayerTesting.assertRoundTrip(new GaussianNoise(0.1).seed(3L));
        LayerTesting.assertRoundTrip(new GaussianDropout(0.4));
        assertEquals(List.of("name", "trainable", "dtype", "stddev", "seed"),
                List.copyOf(new GaussianNoise(0.1).config().keySet()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(1.5));
        assertEquals("Invalid value received for argument `stddev`. Expected a float value between 0 and 1. Received:"
                + " stddev=1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GaussianDropout(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new ActivityRegularization(-1, 0));
        LayerShapeException s = assertThrows(LayerShapeException.class, () -> new Rescaling(1).scales(1, 2, 3)
                .name("rs").ensureBuilt(List.of(new long[] {-1, 4})));
        assertEquals("Layer 'rs' (Rescaling) has 3 per-channel values but its input (None, 4) has 4 channels on the"
                + " last axis.", s.getMessage());
    }
}
