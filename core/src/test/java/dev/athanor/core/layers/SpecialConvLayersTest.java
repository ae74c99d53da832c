package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.Variable;
import dev.athanor.core.testing.TestArrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** DepthwiseConv2D, SeparableConv2D and Conv2DTranspose (values: {@link ConvGoldenTest}). */
class SpecialConvLayersTest extends Float64Test {

    private static long[] out(Layer l, long... in) {
        return l.computeOutputShape(List.of(in)).get(0);
    }

    @Test
    void weightsInKerasLayoutAndOrder() {
        INDArray x = TestArrays.uniform(1, -1, 1, 2, 6, 6, 3);
        DepthwiseConv2D dw = new DepthwiseConv2D(3, 2).depthMultiplier(2).name("dw");
        LayerTesting.run1(dw, false, x);
        assertEquals(List.of("dw/depthwise_kernel:0", "dw/bias:0"), dw.variables().stream().map(Variable::name).toList());
        assertArrayEquals(new long[] {3, 2, 3, 2}, dw.variables().get(0).value().shape());
        assertArrayEquals(new long[] {6}, dw.variables().get(1).value().shape());
        SeparableConv2D sep = new SeparableConv2D(5, 3).depthMultiplier(2).name("sep");
        LayerTesting.run1(sep, false, x);
        assertEquals(List.of("sep/depthwise_kernel:0", "sep/pointwise_kernel:0", "sep/bias:0"),
                sep.variables().stream().map(Variable::name).toList());
        assertArrayEquals(new long[] {3, 3, 3, 2}, sep.variables().get(0).value().shape());
        assertArrayEquals(new long[] {1, 1, 6, 5}, sep.variables().get(1).value().shape());
        Conv2DTranspose tr = new Conv2DTranspose(4, 3).name("tr");
        LayerTesting.run1(tr, false, x);
        assertArrayEquals(new long[] {3, 3, 4, 3}, tr.kernel().value().shape());
        assertArrayEquals(new long[] {4}, tr.bias().value().shape());
        assertEquals("conv2d_transpose", new Conv2DTranspose(1, 1).name().replaceAll("_\\d+$", ""));
        assertEquals("depthwise_conv2d", new DepthwiseConv2D(1).name().replaceAll("_\\d+$", ""));
    }

    @ParameterizedTest
    @CsvSource({"valid, 1, 7, 6, 5, 4", "same, 1, 7, 6, 7, 6", "same, 2, 7, 6, 4, 3", "valid, 2, 7, 6, 3, 2"})
    void depthwiseAndSeparableShapes(String padding, int stride, long h, long w, long oh, long ow) {
        DepthwiseConv2D dw = new DepthwiseConv2D(3).padding(padding).strides(stride).depthMultiplier(3);
        assertArrayEquals(new long[] {-1, oh, ow, 6}, out(dw, -1, h, w, 2));
        assertArrayEquals(new long[] {2, oh, ow, 6},
                LayerTesting.run1(dw, false, TestArrays.uniform(2, -1, 1, 2, h, w, 2)).value().shape());
        SeparableConv2D sep = new SeparableConv2D(4, 3).padding(padding).strides(stride).dataFormat("channels_first");
        assertArrayEquals(new long[] {-1, 4, oh, ow}, out(sep, -1, 2, h, w));
        assertArrayEquals(new long[] {2, 4, oh, ow},
                LayerTesting.run1(sep, false, TestArrays.uniform(2, -1, 1, 2, 2, h, w)).value().shape());
    }

    @ParameterizedTest
    @CsvSource({"valid, 1, 1, 4, 5, 6, 7", "valid, 2, 1, 4, 5, 9, 11", "same, 2, 1, 4, 5, 8, 10",
        "same, 3, 1, 4, 5, 12, 15", "valid, 1, 2, 4, 5, 8, 9"})
    void transposeShapes(String padding, int stride, int dilation, long h, long w, long oh, long ow) {
        Conv2DTranspose tr = new Conv2DTranspose(2, 3).padding(padding).strides(stride).dilationRate(dilation);
        assertArrayEquals(new long[] {-1, oh, ow, 2}, out(tr, -1, h, w, 3));
        assertArrayEquals(new long[] {2, oh, ow, 2},
                LayerTesting.run1(tr, false, TestArrays.uniform(2, -1, 1, 2, h, w, 3)).value().shape());
        Conv2DTranspose first = new Conv2DTranspose(2, 3).padding(padding).strides(stride).dilationRate(dilation)
                .dataFormat("channels_first");
        assertArrayEquals(new long[] {2, 2, oh, ow},
                LayerTesting.run1(first, false, TestArrays.uniform(2, -1, 1, 2, 3, h, w)).value().shape());
    }

    @Test
    void gradients() {
        INDArray x = TestArrays.uniform(3, -1, 1, 2, 5, 4, 2);
        for (Layer l : List.<Layer>of(new DepthwiseConv2D(3).biasInitializer("random_normal"),
                new DepthwiseConv2D(2, 3).depthMultiplier(2).padding("same").strides(2),
                new SeparableConv2D(3, 3).padding("same").depthMultiplier(2).activation("tanh"),
                new SeparableConv2D(2, 2).dilationRate(2),
                new Conv2DTranspose(2, 3).biasInitializer("random_normal"),
                new Conv2DTranspose(3, 3, 2).strides(2).padding("same"),
                new Conv2DTranspose(2, 2).dataFormat("channels_first").strides(2),
                new Conv2DTranspose(2, 3).useBias(false).strides(2), new DepthwiseConv2D(3).useBias(false))) {
            LayerTesting.checkInputGradient(l, true, x);
            LayerTesting.checkWeightGradients(l, true, x);
        }
    }

    @Test
    void configsRoundTrip() {
        DepthwiseConv2D dw = new DepthwiseConv2D(3).depthMultiplier(2).padding("same").depthwiseRegularizer("l2");
        LayerTesting.assertRoundTrip(dw);
        assertEquals(2, dw.config().get("depth_multiplier"));
        SeparableConv2D sep = new SeparableConv2D(4, 3, 1).pointwiseInitializer("he_uniform").depthMultiplier(3);
        LayerTesting.assertRoundTrip(sep);
        Conv2DTranspose tr = new Conv2DTranspose(4, 3).strides(2).padding("same");
        LayerTesting.assertRoundTrip(tr);
        assertEquals(null, tr.config().get("output_padding"));
        assertEquals("Conv2DTranspose", LayerTesting.registry().canonicalName("Convolution2DTranspose"));
        assertEquals("SeparableConv2D", LayerTesting.registry().canonicalName("SeparableConvolution2D"));
        // Keras 2.3+ writes Conv2D's keys filters=None and groups=1 into DepthwiseConv2D's config
        java.util.Map<String, Object> keras = new java.util.HashMap<>(Map.of("kernel_size", List.of(3, 3),
                "depth_multiplier", 1, "groups", 1));
        keras.put("filters", null);
        LayerTesting.create("DepthwiseConv2D", keras);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerTesting.create(
                "Conv2DTranspose", Map.of("filters", 2, "kernel_size", 3, "output_padding", List.of(1, 1))));
        assertEquals("Conv2DTranspose supports only output_padding=None. Received: output_padding=[1, 1]",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DepthwiseConv2D(3).depthMultiplier(0));
    }
}
