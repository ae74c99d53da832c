package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.testing.TestArrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Max and average pooling: gradients, shapes, configs, errors (values: {@link ConvGoldenTest}). */
class PoolingLayersTest extends Float64Test {

    private static Pooling<?> layer(String kind) {
        return switch (kind) {
            case "max1" -> new MaxPooling1D();
            case "avg1" -> new AveragePooling1D();
            case "max2" -> new MaxPooling2D();
            default -> new AveragePooling2D();
        };
    }

    @ParameterizedTest
    @CsvSource({"max1, valid, 3, 0, 10, 3", "avg1, same, 3, 2, 10, 5", "max1, same, 2, 0, 9, 5",
        "avg1, valid, 4, 1, 9, 6", "max1, valid, 2, 0, 1, 0"})
    void oneDimensionalShapes(String kind, String padding, int pool, int stride, long steps, long expected) {
        Pooling<?> p = layer(kind).poolSize(pool).padding(padding);
        if (stride > 0) {
            p.strides(stride);
        }
        assertArrayEquals(new long[] {-1, expected, 3}, p.computeOutputShape(new long[] {-1, steps, 3}));
        if (expected > 0) {
            assertArrayEquals(new long[] {2, expected, 3},
                    LayerTesting.run1(p, false, TestArrays.uniform(1, -1, 1, 2, steps, 3)).value().shape());
        } else {
            assertThrows(LayerShapeException.class,
                    () -> LayerTesting.run1(p, false, TestArrays.uniform(1, -1, 1, 2, steps, 3)));
        }
    }

    @ParameterizedTest
    @CsvSource({"max2, valid, 2, 0, 7, 6, 3, 3", "avg2, same, 2, 0, 7, 6, 4, 3", "max2, same, 3, 1, 7, 6, 7, 6",
        "avg2, valid, 3, 2, 7, 6, 3, 2"})
    void twoDimensionalShapes(String kind, String padding, int pool, int stride, long h, long w, long oh, long ow) {
        Pooling<?> p = layer(kind).poolSize(pool).padding(padding);
        if (stride > 0) {
            p.strides(stride);
        }
        assertArrayEquals(new long[] {-1, oh, ow, 2}, p.computeOutputShape(new long[] {-1, h, w, 2}));
        assertArrayEquals(new long[] {2, oh, ow, 2},
                LayerTesting.run1(p, false, TestArrays.uniform(1, -1, 1, 2, h, w, 2)).value().shape());
        Pooling<?> first = layer(kind).poolSize(pool).padding(padding).dataFormat("channels_first");
        if (stride > 0) {
            first.strides(stride);
        }
        assertArrayEquals(new long[] {-1, 2, oh, ow}, first.computeOutputShape(new long[] {-1, 2, h, w}));
    }

    @Test
    void gradients() {
        INDArray x1 = TestArrays.uniform(8, -1, 1, 2, 9, 3);
        INDArray x2 = TestArrays.uniform(9, -1, 1, 2, 5, 7, 2);
        for (String kind : List.of("max1", "avg1")) {
            LayerTesting.checkInputGradient(layer(kind), true, x1);
            LayerTesting.checkInputGradient(layer(kind).poolSize(3).strides(2).padding("same"), true, x1);
            LayerTesting.checkInputGradient(layer(kind).dataFormat("channels_first").padding("same"), true,
                    TestArrays.uniform(10, -1, 1, 2, 3, 7));
        }
        for (String kind : List.of("max2", "avg2")) {
            LayerTesting.checkInputGradient(layer(kind), true, x2);
            LayerTesting.checkInputGradient(layer(kind).poolSize(3, 2).strides(2, 1).padding("same"), true, x2);
            LayerTesting.checkInputGradient(layer(kind).dataFormat("channels_first").padding("same"), true,
                    TestArrays.uniform(11, -1, 1, 2, 2, 5, 3));
        }
    }

    @Test
    void configsRoundTrip() {
        MaxPooling2D p = new MaxPooling2D(3, 2).strides(1).padding("same");
        LayerTesting.assertRoundTrip(p);
        assertEquals(List.of("name", "trainable", "dtype", "pool_size", "padding", "strides", "data_format"),
                List.copyOf(p.config().keySet()));
        assertEquals(List.of(1, 1), p.config().get("strides"));
        // strides=None is written as the pool size, as Keras does
        assertEquals(List.of(2), new MaxPooling1D().config().get("strides"));
        LayerTesting.assertRoundTrip(new AveragePooling1D(3).dataFormat("channels_first"));
        LayerTesting.assertRoundTrip(new AveragePooling2D());
        Layer keras = LayerTesting.create("MaxPooling1D", Map.of("pool_size", List.of(5), "strides", List.of(5),
                "padding", "valid", "data_format", "channels_last", "name", "max_pooling1d", "trainable", true,
                "dtype", "float32"));
        assertEquals(List.of(5), keras.config().get("pool_size"));
        assertEquals("MaxPooling2D", LayerTesting.registry().canonicalName("MaxPool2D"));
        assertEquals("AveragePooling1D", LayerTesting.registry().canonicalName("AvgPool1D"));
    }

    @Test
    void errorsNameTheLayer() {
        LayerShapeException e = assertThrows(LayerShapeException.class,
                () -> LayerTesting.run1(new MaxPooling2D().name("pool_a"), false, TestArrays.uniform(1, 0, 1, 2, 4, 3)));
        assertEquals("Input 0 of layer 'pool_a' (MaxPooling2D) is incompatible with the layer: expected ndim=4, found"
                + " ndim=3. Full shape received: (None, 4, 3).", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D(0));
        assertThrows(IllegalArgumentException.class, () -> new AveragePooling1D().padding("causal"));
    }
}
