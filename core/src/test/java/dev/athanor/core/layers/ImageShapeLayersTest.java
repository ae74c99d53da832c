package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.testing.TestArrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Global pooling, ZeroPadding2D, Cropping2D, UpSampling2D (values: {@link ConvGoldenTest}). */
class ImageShapeLayersTest extends Float64Test {

    private static long[] out(Layer l, long... in) {
        return l.computeOutputShape(List.of(in)).get(0);
    }

    @Test
    void shapes() {
        assertArrayEquals(new long[] {-1, 3}, out(new GlobalMaxPooling2D(), -1, 5, 4, 3));
        assertArrayEquals(new long[] {-1, 1, 1, 3}, out(new GlobalAveragePooling2D().keepdims(true), -1, 5, 4, 3));
        assertArrayEquals(new long[] {-1, 5, 1, 1},
                out(new GlobalAveragePooling2D().keepdims(true).dataFormat("channels_first"), -1, 5, 4, 3));
        assertArrayEquals(new long[] {-1, 6}, out(new GlobalAveragePooling1D().dataFormat("channels_first"), -1, 6, 2));
        assertArrayEquals(new long[] {-1, 1, 2}, out(new GlobalMaxPooling1D().keepdims(true), -1, 6, 2));
        assertArrayEquals(new long[] {-1, 5, 6, 2}, out(new ZeroPadding2D(), -1, 3, 4, 2));
        assertArrayEquals(new long[] {-1, 2, 5, 8}, out(new ZeroPadding2D().padding(2, 0, 1, 3)
                .dataFormat("channels_first"), -1, 2, 3, 4));
        assertArrayEquals(new long[] {-1, 3, 4, 2}, out(new Cropping2D().cropping(List.of(1, 2)), -1, 5, 8, 2));
        assertArrayEquals(new long[] {-1, 6, 4, 2}, out(new UpSampling2D(), -1, 3, 2, 2));
        assertArrayEquals(new long[] {-1, 2, 9, 4}, out(new UpSampling2D().size(3, 2).dataFormat("channels_first"),
                -1, 2, 3, 2));
        INDArray x = TestArrays.uniform(1, -1, 1, 2, 3, 4, 2);
        assertArrayEquals(new long[] {2, 1, 1, 2},
                LayerTesting.run1(new GlobalMaxPooling2D().keepdims(true), false, x).value().shape());
        assertArrayEquals(new long[] {2, 9, 8, 2},
                LayerTesting.run1(new UpSampling2D().size(3, 2), false, x).value().shape());
    }

    @Test
    void gradients() {
        INDArray x = TestArrays.uniform(2, -1, 1, 2, 4, 3, 2);
        INDArray x1 = TestArrays.uniform(3, -1, 1, 2, 5, 3);
        for (Layer l : List.<Layer>of(new GlobalMaxPooling2D(), new GlobalAveragePooling2D().keepdims(true),
                new GlobalMaxPooling2D().dataFormat("channels_first"), new ZeroPadding2D().padding(2, 0, 1, 3),
                new Cropping2D().cropping(1, 0, 0, 1), new UpSampling2D().size(2, 3),
                new UpSampling2D().dataFormat("channels_first"), new ZeroPadding2D().dataFormat("channels_first"))) {
            LayerTesting.checkInputGradient(l, true, x);
        }
        for (Layer l : List.<Layer>of(new GlobalMaxPooling1D(), new GlobalAveragePooling1D(),
                new GlobalAveragePooling1D().dataFormat("channels_first"))) {
            LayerTesting.checkInputGradient(l, true, x1);
        }
    }

    @Test
    void configsRoundTrip() {
        ZeroPadding2D pad = new ZeroPadding2D().padding(2);
        LayerTesting.assertRoundTrip(pad);
        assertEquals(List.of(List.of(2, 2), List.of(2, 2)), pad.config().get("padding"));
        LayerTesting.assertRoundTrip(new Cropping2D().cropping(1, 2, 3, 4).dataFormat("channels_first"));
        UpSampling2D up = new UpSampling2D().size(3, 1);
        LayerTesting.assertRoundTrip(up);
        assertEquals(List.of("name", "trainable", "dtype", "size", "data_format", "interpolation"),
                List.copyOf(up.config().keySet()));
        LayerTesting.assertRoundTrip(new GlobalAveragePooling2D().keepdims(true));
        LayerTesting.assertRoundTrip(new GlobalMaxPooling1D().dataFormat("channels_first"));
        // Keras 2.1 writes no keepdims
        LayerTesting.create("GlobalAveragePooling2D", Map.of("data_format", "channels_last"));
        assertEquals("GlobalAveragePooling2D", LayerTesting.registry().canonicalName("GlobalAvgPool2D"));
        assertEquals("GlobalMaxPooling1D", LayerTesting.registry().canonicalName("GlobalMaxPool1D"));
    }

    @Test
    void errors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ZeroPadding2D().padding(List.of(1, 2, 3)));
        assertEquals("`padding` should be either an int, a tuple of 2 ints (symmetric_height, symmetric_width), or a"
                + " tuple of 2 tuples of 2 ints ((top, bottom), (left, right)). Received: padding=[1, 2, 3]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LayerTesting.create("UpSampling2D", Map.of("interpolation", "bilinear")));
        assertEquals("UpSampling2D supports only interpolation='nearest'. Received: interpolation=bilinear",
                e.getMessage());
        LayerShapeException s = assertThrows(LayerShapeException.class, () -> LayerTesting.run1(
                new Cropping2D().cropping(2).name("crop_a"), false, TestArrays.uniform(1, 0, 1, 1, 4, 6, 1)));
        assertEquals("Layer 'crop_a' (Cropping2D): cropping [[2, 2], [2, 2]] leaves nothing of input (None, 4, 6, 1).",
                s.getMessage());
        assertThrows(LayerShapeException.class,
                () -> LayerTesting.run1(new GlobalMaxPooling2D(), false, TestArrays.uniform(1, 0, 1, 1, 4, 6)));
        assertThrows(IllegalArgumentException.class, () -> new ZeroPadding2D().padding(-1, 0, 0, 0));
    }
}
