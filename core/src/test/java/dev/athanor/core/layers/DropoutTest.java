package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.testing.TestArrays;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DropoutTest extends Float64Test {

    @Test
    void inferencePassesInputUnchanged() {
        INDArray in = TestArrays.uniform(1, -1, 1, 3, 4);
        assertEquals(in, LayerTesting.run1(new Dropout(0.5), false, in).value());
    }

    @Test
    void trainingKeepsScaledValuesWithTheRightFraction() {
        INDArray in = Nd4j.ones(200, 100);
        INDArray out;
        try (dev.athanor.core.TrainingRandom ignored = dev.athanor.core.TrainingRandom.use(new Random(1))) {
            out = LayerTesting.run1(new Dropout(0.3), true, in).value();
        }
        long zeros = 0;
        for (double v : out.data().asDouble()) {
            assertTrue(v == 0.0 || Math.abs(v - 1 / 0.7) < 1e-12, "value " + v);
            zeros += v == 0.0 ? 1 : 0;
        }
        assertEquals(0.3, zeros / 20000.0, 0.015);
        // inverted dropout: the mean is preserved in expectation
        assertEquals(1.0, out.meanNumber().doubleValue(), 0.03);
    }

    @Test
    void masksFollowTheOpenGeneratorAndScopesNest() {
        INDArray in = Nd4j.ones(4, 8);
        Dropout d = new Dropout(0.5);
        INDArray a;
        INDArray b;
        try (dev.athanor.core.TrainingRandom ignored = dev.athanor.core.TrainingRandom.use(new Random(7))) {
            a = LayerTesting.run1(d, true, in).value();
        }
        try (dev.athanor.core.TrainingRandom ignored = dev.athanor.core.TrainingRandom.use(new Random(7))) {
            b = LayerTesting.run1(d, true, in).value();
        }
        assertEquals(a, b);
        Random outer = new Random(1);
        Random inner = new Random(2);
        assertNull(dev.athanor.core.TrainingRandom.currentOrNull());
        try (dev.athanor.core.TrainingRandom o = dev.athanor.core.TrainingRandom.use(outer)) {
            try (dev.athanor.core.TrainingRandom i = dev.athanor.core.TrainingRandom.use(inner)) {
                assertSame(inner, dev.athanor.core.TrainingRandom.currentOrNull());
            }
            assertSame(outer, dev.athanor.core.TrainingRandom.currentOrNull());
        }
        assertNull(dev.athanor.core.TrainingRandom.currentOrNull());
    }

    @Test
    void fallbackGeneratorIsSeededFromLayerSeedAndName() {
        INDArray in = Nd4j.ones(4, 8);
        INDArray a = LayerTesting.run1(new Dropout(0.5).seed(3L).name("drop_fb"), true, in).value();
        INDArray b = LayerTesting.run1(new Dropout(0.5).seed(3L).name("drop_fb"), true, in).value();
        assertEquals(a, b);
        Dropout d = new Dropout(0.5).seed(3L).name("drop_fb2");
        INDArray first = LayerTesting.run1(d, true, in).value();
        INDArray second = LayerTesting.run1(d, true, in).value();
        assertFalse(first.equals(second), "the fallback generator must advance between batches");
    }

    @Test
    void noiseShapeSharesMaskAlongAxesOfSizeOne() {
        INDArray in = Nd4j.ones(6, 5);
        Dropout d = new Dropout(0.5).noiseShape(-1, 1);
        INDArray out;
        try (dev.athanor.core.TrainingRandom ignored = dev.athanor.core.TrainingRandom.use(new Random(3))) {
            out = LayerTesting.run1(d, true, in).value();
        }
        for (int i = 0; i < 6; i++) {
            double first = out.getDouble(i, 0);
            for (int j = 1; j < 5; j++) {
                assertEquals(first, out.getDouble(i, j), 0.0);
            }
        }
    }

    @Test
    void gradientIsTheMask() {
        INDArray in = TestArrays.uniform(2, -1, 1, 3, 4);
        LayerTesting.checkInputGradient(new Dropout(0.4), true, in);
    }

    @Test
    void rateValidationAndConfig() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
        assertEquals("`rate` must be a number in [0, 1). Received: rate=1.0", e.getMessage());
        Dropout d = new Dropout(0.25).noiseShape(-1, 1).seed(5L);
        assertEquals(Arrays.asList(null, 1L), d.config().get("noise_shape"));
        LayerTesting.assertRoundTrip(d);
        LayerTesting.assertRoundTrip(new Dropout(0.1));
    }
}
