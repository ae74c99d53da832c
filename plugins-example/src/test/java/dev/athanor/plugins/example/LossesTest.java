package dev.athanor.plugins.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Loss;
import dev.athanor.core.Tensor;
import dev.athanor.core.registry.Registries;
import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.ConfigRoundTrip;
import dev.athanor.core.testing.GradientCheck;
import dev.athanor.core.testing.TestArrays;
import dev.athanor.losses.CategoricalCrossentropy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class LossesTest {

    private static final Map<String, Object> GOLDEN = Golden.load();

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> smoothingCases() {
        return (List<Map<String, Object>>) GOLDEN.get("label_smoothing_crossentropy");
    }

    private static Tensor prediction(Map<String, Object> c) {
        return "logits".equals(c.get("input"))
                ? Tensor.of(Golden.array(c.get("logits"))).softmax(-1)   // the fused softmax path
                : Tensor.of(Golden.array(c.get("probabilities")));       // the clipped probability path
    }

    @Test
    void labelSmoothingMatchesPyTorch() {
        assertEquals(6, smoothingCases().size());
        for (Map<String, Object> c : smoothingCases()) {
            double e = ((Number) c.get("smoothing")).doubleValue();
            INDArray actual = Float64.run(() -> new LabelSmoothingCrossentropy().smoothing(e)
                    .call(Tensor.of(Golden.array(c.get("y_true"))), prediction(c)).value());
            Asserts.assertAllClose(Golden.array(c.get("expected")), actual, 1e-9, 1e-9);
        }
    }

    @Test
    void labelSmoothingEqualsSmoothedTargetsOfAthanorsOwnLoss() {
        // An independent implementation: athanor-losses smooths the target instead of mixing two CEs.
        for (Map<String, Object> c : smoothingCases()) {
            double e = ((Number) c.get("smoothing")).doubleValue();
            Tensor y = Tensor.of(Golden.array(c.get("y_true")));
            INDArray ours = Float64.run(() -> new LabelSmoothingCrossentropy().smoothing(e).call(y, prediction(c)).value());
            INDArray theirs = Float64.run(() -> new CategoricalCrossentropy().labelSmoothing(e)
                    .call(y, prediction(c)).value());
            Asserts.assertAllClose(theirs, ours, 1e-9, 1e-9);
        }
    }

    @Test
    void labelSmoothingDefaultsToTheMemosTenth() {
        assertEquals(0.1, new LabelSmoothingCrossentropy().smoothing());
        Loss byName = Registries.defaults().losses().create("label_smoothing_crossentropy");
        assertEquals(0.1, ((LabelSmoothingCrossentropy) byName).smoothing());
    }

    @Test
    void fourthPowerMatchesNumpy() {
        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) GOLDEN.get("fourth_power_error");
        INDArray actual = Float64.run(() -> new FourthPowerError()
                .call(Tensor.of(Golden.array(c.get("y_true"))), Tensor.of(Golden.array(c.get("y_pred")))).value());
        Asserts.assertAllClose(Golden.array(c.get("expected")), actual, 1e-12, 1e-12);
    }

    @Test
    void fourthPowerByHand() {
        // errors (1, -2) and (0, 3): means of 1 + 16 and 0 + 81
        INDArray y = org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{0, 2}, {1, 0}});
        INDArray p = org.nd4j.linalg.factory.Nd4j.createFromArray(new double[][] {{1, 0}, {1, 3}});
        INDArray v = Float64.run(() -> new FourthPowerError().call(Tensor.of(y), Tensor.of(p)).value());
        Asserts.assertAllClose(new double[] {8.5, 40.5}, v.toDoubleVector(), 0, 1e-12);
    }

    @Test
    void labelSmoothingGradientOnProbabilities() {
        INDArray y = TestArrays.uniform(3, 0, 1, 4, 5);
        INDArray p = TestArrays.uniform(4, 0.05, 1.0, 4, 5);
        GradientCheck.check(in -> new LabelSmoothingCrossentropy().smoothing(0.2).call(Tensor.of(y), in.get(0)), p);
    }

    @Test
    void labelSmoothingGradientThroughSoftmax() {
        INDArray y = TestArrays.uniform(5, 0, 1, 3, 6);
        INDArray logits = TestArrays.uniform(6, -3, 3, 3, 6);
        GradientCheck.check(in -> new LabelSmoothingCrossentropy().call(Tensor.of(y), in.get(0).softmax(-1)), logits);
    }

    @Test
    void fourthPowerGradient() {
        GradientCheck.check(in -> new FourthPowerError().call(in.get(0), in.get(1)),
                TestArrays.uniform(7, -2, 2, 3, 4), TestArrays.uniform(8, -2, 2, 3, 4));
    }

    @Test
    void configsRoundTripThroughTheRegistry() {
        Registries r = Registries.defaults();
        LabelSmoothingCrossentropy again = (LabelSmoothingCrossentropy) ConfigRoundTrip.assertRoundTrip(
                (Loss) new LabelSmoothingCrossentropy().smoothing(0.3), r.losses());
        assertEquals(0.3, again.smoothing());
        assertEquals(Map.of("smoothing", 0.3), again.config());
        assertInstanceOf(FourthPowerError.class, ConfigRoundTrip.assertRoundTrip((Loss) new FourthPowerError(), r.losses()));
    }

    @Test
    void badConfigsAreRejectedByName() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Registries.defaults()
                .losses().create("label_smoothing_crossentropy", Map.of("label_smoothing", 0.2)));
        assertEquals("Unknown config key 'label_smoothing' for label_smoothing_crossentropy. Known keys: smoothing.",
                unknown.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> new LabelSmoothingCrossentropy().smoothing(1.5));
        assertEquals("`smoothing` must be in [0, 1]. Received: smoothing=1.5", range.getMessage());
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        Tensor labels = Tensor.of(org.nd4j.linalg.factory.Nd4j.createFromArray(new double[] {0, 2}).reshape(2, 1));
        Tensor p = Tensor.of(TestArrays.uniform(1, 0, 1, 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LabelSmoothingCrossentropy().call(labels, p));
        assertTrue(e.getMessage().startsWith("Loss 'label_smoothing_crossentropy' needs targets shaped like the"
                + " predictions. Received: y_true shape [2, 1], y_pred shape [2, 3]."), e.getMessage());
        assertTrue(e.getMessage().contains("Utils.toCategorical"), e.getMessage());
    }
}
