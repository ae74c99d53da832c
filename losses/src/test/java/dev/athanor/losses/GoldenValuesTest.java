package dev.athanor.losses;

import static dev.athanor.core.testing.Asserts.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Backend;
import dev.athanor.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss and metric against per-sample values from an independent numpy transcription of
 * tf.keras 2.6 ({@code src/test/python/loss_golden.py}), in double: 1e-6 relative.
 */
class GoldenValuesTest {

    private static final double RTOL = 1e-6;
    private static final double ATOL = 1e-12;
    private static String floatx;

    @BeforeAll
    static void doublePrecision() {
        floatx = Backend.floatx();
        Backend.setFloatx("float64");
    }

    @AfterAll
    static void restore() {
        Backend.setFloatx(floatx);
    }

    static List<Golden.Case> lossCases() {
        return Golden.losses();
    }

    static List<Golden.Case> metricCases() {
        return Golden.metrics();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lossCases")
    void lossMatchesKeras(Golden.Case c) {
        Tensor out = Losses.get(c.name(), c.config()).call(Tensor.of(c.yTrue()), Tensor.of(c.yPred()));
        assertAllClose(c.expected(), out.value(), RTOL, ATOL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lossCases")
    void lossAsMetricMatchesKeras(Golden.Case c) {
        if (c.name().equals("cosine_similarity")) {
            // as a metric, cosine_similarity is the positive similarity; cosine_proximity keeps the loss's sign
            Tensor pos = Metrics.get("cosine_similarity").call(Tensor.of(c.yTrue()), Tensor.of(c.yPred()));
            assertAllClose(c.expected().neg(), pos.value(), RTOL, ATOL);
            Tensor neg = Metrics.get("cosine_proximity").call(Tensor.of(c.yTrue()), Tensor.of(c.yPred()));
            assertAllClose(c.expected(), neg.value(), RTOL, ATOL);
            return;
        }
        Tensor out = Metrics.get(c.name(), c.config()).call(Tensor.of(c.yTrue()), Tensor.of(c.yPred()));
        assertAllClose(c.expected(), out.value(), RTOL, ATOL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metricCases")
    void metricMatchesKeras(Golden.Case c) {
        Tensor out = Metrics.get(c.name(), c.config()).call(Tensor.of(c.yTrue()), Tensor.of(c.yPred()));
        assertAllClose(c.expected(), out.value(), RTOL, ATOL);
    }

    @Test
    void everyLossAndMetricHasGoldenValues() {
        List<String> lossNames = Golden.losses().stream().map(c -> Losses.get(c.name()).registryName()).toList();
        for (String n : List.of("MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
                "MeanSquaredLogarithmicError", "SquaredHinge", "Hinge", "CategoricalHinge", "LogCosh", "Huber",
                "CategoricalCrossentropy", "SparseCategoricalCrossentropy", "BinaryCrossentropy", "KLDivergence",
                "Poisson", "CosineSimilarity")) {
            assertTrue(lossNames.contains(n), "no golden case for " + n);
        }
        List<String> metricNames = Golden.metrics().stream().map(c -> Metrics.get(c.name()).registryName()).toList();
        for (String n : List.of("BinaryAccuracy", "CategoricalAccuracy", "SparseCategoricalAccuracy",
                "TopKCategoricalAccuracy", "SparseTopKCategoricalAccuracy")) {
            assertTrue(metricNames.contains(n), "no golden case for " + n);
        }
    }
}
