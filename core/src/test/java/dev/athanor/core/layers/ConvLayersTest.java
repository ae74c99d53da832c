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

/** Conv1D and Conv2D: gradients, shapes, weights, configs and errors (values: {@link ConvGoldenTest}). */
class ConvLayersTest extends Float64Test {

    private static long[] outShape(Layer layer, long... inputShape) {
        return layer.computeOutputShape(List.of(inputShape)).get(0);
    }

    @ParameterizedTest
    @CsvSource({
        "valid, 1, 1, 9, 7", "same, 1, 1, 9, 9", "same, 2, 1, 9, 5", "valid, 2, 1, 9, 4",
        "causal, 1, 2, 9, 9", "causal, 3, 1, 10, 4", "valid, 1, 3, 9, 3", "same, 1, 3, 9, 9"})
    void conv1dOutputShapes(String padding, int stride, int dilation, long steps, long expected) {
        Conv1D conv = new Conv1D(4, 3).padding(padding).strides(stride).dilationRate(dilation);
        assertArrayEquals(new long[] {-1, expected, 4}, outShape(conv, -1, steps, 2));
        INDArray out = LayerTesting.run1(conv, false, TestArrays.uniform(1, -1, 1, 2, steps, 2)).value();
        assertArrayEquals(new long[] {2, expected, 4}, out.shape());
        Conv1D first = new Conv1D(4, 3).padding(padding).strides(stride).dilationRate(dilation)
                .dataFormat("channels_first");
        assertArrayEquals(new long[] {-1, 4, expected}, outShape(first, -1, 2, steps));
    }

    @ParameterizedTest
    @CsvSource({
        "valid, 1, 1, 1, 8, 7, 6, 5", "same, 1, 1, 1, 8, 7, 8, 7", "same, 2, 2, 1, 8, 7, 4, 4",
        "valid, 2, 3, 1, 8, 7, 3, 2", "valid, 1, 1, 2, 8, 7, 4, 3", "same, 1, 1, 2, 8, 7, 8, 7"})
    void conv2dOutputShapes(String padding, int sh, int sw, int dilation, long h, long w, long oh, long ow) {
        Conv2D conv = new Conv2D(5, 3, 3).padding(padding).strides(sh, sw).dilationRate(dilation);
        assertArrayEquals(new long[] {-1, oh, ow, 5}, outShape(conv, -1, h, w, 3));
        INDArray out = LayerTesting.run1(conv, false, TestArrays.uniform(2, -1, 1, 2, h, w, 3)).value();
        assertArrayEquals(new long[] {2, oh, ow, 5}, out.shape());
        Conv2D first = new Conv2D(5, 3, 3).padding(padding).strides(sh, sw).dilationRate(dilation)
                .dataFormat("channels_first");
        assertArrayEquals(new long[] {-1, 5, oh, ow}, outShape(first, -1, 3, h, w));
        assertArrayEquals(new long[] {2, 5, oh, ow},
                LayerTesting.run1(first, false, TestArrays.uniform(2, -1, 1, 2, 3, h, w)).value().shape());
    }

    @Test
    void weightsHaveKerasShapesAndNames() {
        Conv2D conv = new Conv2D(4, 3, 2).name("c2");
        LayerTesting.run1(conv, false, TestArrays.uniform(3, -1, 1, 1, 5, 5, 3));
        assertEquals(List.of("c2/kernel:0", "c2/bias:0"), conv.variables().stream().map(Variable::name).toList());
        assertArrayEquals(new long[] {3, 2, 3, 4}, conv.kernel().value().shape());
        assertArrayEquals(new long[] {4}, conv.bias().value().shape());
        Conv1D c1 = new Conv1D(6, 5).useBias(false);
        LayerTesting.run1(c1, false, TestArrays.uniform(3, -1, 1, 1, 9, 2));
        assertEquals(1, c1.variables().size());
        assertArrayEquals(new long[] {5, 2, 6}, c1.kernel().value().shape());
        Conv2D first = new Conv2D(4, 3).dataFormat("channels_first");
        LayerTesting.run1(first, false, TestArrays.uniform(3, -1, 1, 1, 2, 5, 5));
        assertArrayEquals(new long[] {3, 3, 2, 4}, first.kernel().value().shape());
        assertEquals(3 * 3 * 2 * 4 + 4, first.countParams());
    }

    @Test
    void defaultNamesFollowKerasToSnakeCase() {
        assertEquals(List.of("conv2d", "max_pooling2d", "conv2d_transpose", "batch_normalization", "simple_rnn",
                "global_average_pooling1d", "up_sampling2d", "dense"), List.of("Conv2D", "MaxPooling2D",
                "Conv2DTranspose", "BatchNormalization", "SimpleRNN", "GlobalAveragePooling1D", "UpSampling2D", "Dense")
                .stream().map(LayerNames::snakeCase).toList());
    }

    @Test
    void conv1dGradients() {
        INDArray x = TestArrays.uniform(4, -1, 1, 2, 7, 3);
        for (Conv1D conv : List.of(new Conv1D(2, 3).biasInitializer("random_normal"),
                new Conv1D(2, 2).padding("same").strides(2), new Conv1D(2, 3).padding("causal").dilationRate(2),
                new Conv1D(2, 3).activation("tanh").padding("same"), new Conv1D(2, 2).strides(2))) {
            LayerTesting.checkInputGradient(conv, true, x);
            LayerTesting.checkWeightGradients(conv, true, x);
        }
        Conv1D first = new Conv1D(2, 2).dataFormat("channels_first").padding("same");
        INDArray xf = TestArrays.uniform(5, -1, 1, 2, 3, 6);
        LayerTesting.checkInputGradient(first, true, xf);
        LayerTesting.checkWeightGradients(first, true, xf);
    }

    @Test
    void conv2dGradients() {
        INDArray x = TestArrays.uniform(6, -1, 1, 2, 5, 6, 2);
        for (Conv2D conv : List.of(new Conv2D(3, 3).biasInitializer("random_normal"),
                new Conv2D(2, 2, 3).padding("same").strides(2, 1), new Conv2D(2, 3).padding("same").dilationRate(2),
                new Conv2D(2, 3).activation("sigmoid").useBias(false), new Conv2D(2, 2).strides(2),
                new Conv2D(2, 3, 2).strides(2, 3).padding("same"))) {
            LayerTesting.checkInputGradient(conv, true, x);
            LayerTesting.checkWeightGradients(conv, true, x);
        }
        Conv2D first = new Conv2D(2, 3).dataFormat("channels_first").padding("same").strides(2);
        INDArray xf = TestArrays.uniform(7, -1, 1, 2, 2, 5, 4);
        LayerTesting.checkInputGradient(first, true, xf);
        LayerTesting.checkWeightGradients(first, true, xf);
    }

    @Test
    void configsRoundTripWithKerasKeys() {
        Conv2D conv = new Conv2D(8, 3, 5).strides(2, 1).padding("same").dilationRate(1).activation("relu")
                .kernelInitializer("he_normal").biasRegularizer("l2").kernelConstraint("max_norm");
        LayerTesting.assertRoundTrip(conv);
        assertEquals(List.of("name", "trainable", "dtype", "filters", "kernel_size", "strides", "padding",
                "data_format", "dilation_rate", "groups", "activation", "use_bias", "kernel_initializer",
                "kernel_regularizer", "kernel_constraint", "bias_initializer", "bias_regularizer",
                "activity_regularizer", "bias_constraint"), List.copyOf(conv.config().keySet()));
        assertEquals(List.of(3, 5), conv.config().get("kernel_size"));
        LayerTesting.run1(conv, false, TestArrays.uniform(3, -1, 1, 1, 6, 6, 2));
        LayerTesting.assertRoundTrip(conv);
        Conv1D c1 = new Conv1D(4, 3).padding("causal").dataFormat("channels_first").dilationRate(2);
        Layer again = LayerTesting.assertRoundTrip(c1);
        assertEquals(List.of(2), again.config().get("dilation_rate"));
        // Keras 2.1 files write no groups; integers are accepted for tuples, as Keras's normalize_tuple does
        Layer fromInts = LayerTesting.create("Conv1D", Map.of("filters", 2, "kernel_size", 3, "strides", 2));
        assertEquals(List.of(3), fromInts.config().get("kernel_size"));
        assertEquals(List.of(2), fromInts.config().get("strides"));
        assertEquals("Conv2D", LayerTesting.registry().canonicalName("Convolution2D"));
    }

    @Test
    void badArgumentsAndShapesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2D(2, 3).padding("full"));
        assertEquals("The `padding` argument must be one of \"valid\", \"same\". Received: padding=full",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 3, 3, 3));
        assertEquals("The `kernel_size` argument must be a tuple of 2 integers. Received: kernel_size=[3, 3, 3]",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 3).dataFormat("nhwc"));
        e = assertThrows(IllegalArgumentException.class,
                () -> LayerTesting.create("Conv2D", Map.of("filters", 2, "kernel_size", List.of(3, 3), "groups", 2)));
        assertEquals("Conv2D supports only groups=1 (an ordinary convolution). Received: groups=2. Split the channels"
                + " and use one layer per group instead.", e.getMessage());

        Conv2D conv = new Conv2D(2, 3).name("conv_a");
        LayerTesting.run1(conv, false, TestArrays.uniform(3, -1, 1, 1, 5, 5, 3));
        LayerShapeException s = assertThrows(LayerShapeException.class,
                () -> LayerTesting.run1(conv, false, TestArrays.uniform(3, -1, 1, 1, 5, 5, 4)));
        assertEquals("Layer 'conv_a' expects input shape (None, 5, 5, 3) but received (None, 5, 5, 4)."
                + " Conv2D was built for 3 input channels (channels_last).", s.getMessage());
        s = assertThrows(LayerShapeException.class,
                () -> LayerTesting.run1(new Conv2D(2, 3).name("conv_b"), false, TestArrays.uniform(3, -1, 1, 5, 5, 3)));
        assertEquals("Input 0 of layer 'conv_b' (Conv2D) is incompatible with the layer: expected ndim=4, found ndim=3."
                + " Full shape received: (None, 5, 3).", s.getMessage());
        s = assertThrows(LayerShapeException.class,
                () -> LayerTesting.run1(new Conv1D(2, 4).name("conv_c"), false, TestArrays.uniform(3, -1, 1, 1, 3, 2)));
        assertEquals("Layer 'conv_c' (Conv1D) cannot convolve input (None, 3, 2) with kernel_size=[4], dilation_rate=[1]"
                + " and padding='valid': an output dimension would be 0. Use padding='same' or a larger input.",
                s.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LayerTesting.run1(
                new Conv2D(2, 3).strides(2).dilationRate(2).name("conv_d"), false, TestArrays.uniform(3, -1, 1, 1, 9, 9, 1)));
        assertEquals("Layer 'conv_d': `strides` > 1 is not supported together with `dilation_rate` > 1. Received:"
                + " strides=[2, 2], dilation_rate=[2, 2]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 3).padding("causal"));
    }
}
