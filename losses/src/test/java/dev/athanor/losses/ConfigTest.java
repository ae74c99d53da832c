package dev.athanor.losses;

import static dev.athanor.core.testing.ConfigRoundTrip.assertRoundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.Loss;
import dev.athanor.core.Metric;
import dev.athanor.core.registry.Registries;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Config round trip for every loss and metric; bad values and unknown keys fail by name. */
class ConfigTest {

    static Stream<Loss> losses() {
        return Stream.concat(Registries.defaults().losses().names().stream()
                        .map(n -> Registries.defaults().losses().canonicalName(n)).distinct()
                        .map(Losses::get),
                Stream.of(new Huber().delta(2.5), new CategoricalCrossentropy().fromLogits(true).labelSmoothing(0.1),
                        new BinaryCrossentropy().fromLogits(true).labelSmoothing(0.2),
                        new SparseCategoricalCrossentropy().fromLogits(true)));
    }

    static Stream<Metric> metrics() {
        return Stream.concat(Registries.defaults().metrics().names().stream()
                        .map(n -> Registries.defaults().metrics().canonicalName(n)).distinct()
                        .map(Metrics::get),
                Stream.of(new BinaryAccuracy().threshold(0.7), new TopKCategoricalAccuracy().k(3),
                        new SparseTopKCategoricalAccuracy().k(2),
                        Metrics.get("binary_crossentropy", Map.of("from_logits", true, "label_smoothing", 0.1)),
                        Metrics.get("huber", Map.of("delta", 3.0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void lossRoundTrip(Loss loss) {
        assertEquals(loss, assertRoundTrip(loss, Registries.defaults().losses()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metrics")
    void metricRoundTrip(Metric metric) {
        assertEquals(metric, assertRoundTrip(metric, Registries.defaults().metrics()));
    }

    @Test
    void configsUseKerasKeys() {
        assertEquals(Map.of("from_logits", true, "label_smoothing", 0.1),
                new CategoricalCrossentropy().fromLogits(true).labelSmoothing(0.1).config());
        assertEquals(Map.of("delta", 1.0), new Huber().config());
        assertEquals(Map.of("threshold", 0.5), new BinaryAccuracy().config());
        assertEquals(Map.of("k", 5), new TopKCategoricalAccuracy().config());
        assertEquals(Map.of(), new MeanSquaredError().config());
    }

    @Test
    void unknownKeyIsRejectedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> Losses.get("mse", Map.of("delta", 1.0)));
        assertEquals(true, e.getMessage().contains("'delta'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.get("acc", Map.of("threshold", 0.5)));
    }

    @Test
    void badValuesFailNamingArgumentAndValue() {
        assertEquals("`label_smoothing` must be in [0, 1]. Received: label_smoothing=1.5",
                assertThrows(IllegalArgumentException.class,
                        () -> new CategoricalCrossentropy().labelSmoothing(1.5)).getMessage());
        assertEquals("`delta` must be a positive finite number. Received: delta=-1.0",
                assertThrows(IllegalArgumentException.class, () -> new Huber().delta(-1)).getMessage());
        assertEquals("`k` must be a positive integer. Received: k=0",
                assertThrows(IllegalArgumentException.class, () -> new TopKCategoricalAccuracy().k(0)).getMessage());
        assertEquals("`reduction` of CategoricalCrossentropy must be 'auto' or 'sum_over_batch_size' (the model "
                        + "averages the per-sample losses over the batch). Received: reduction=sum",
                assertThrows(IllegalArgumentException.class,
                        () -> Losses.get("categorical_crossentropy", Map.of("reduction", "sum"))).getMessage());
        assertEquals("`axis` of BinaryCrossentropy must be -1 (the last axis). Received: axis=1",
                assertThrows(IllegalArgumentException.class,
                        () -> Losses.get("binary_crossentropy", Map.of("axis", 1))).getMessage());
    }
}
