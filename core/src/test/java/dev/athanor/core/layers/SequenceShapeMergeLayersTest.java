package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Tensor;
import dev.athanor.core.testing.GradientCheck;
import dev.athanor.core.testing.TestArrays;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Permute, RepeatVector, ZeroPadding1D, Cropping1D, UpSampling1D, Dot, Maximum and Minimum beyond
 * the Keras goldens ({@link EverydayLayersGoldenTest}): finite-difference gradients in double,
 * configs and round trips, masks, refused arguments and shape errors.
 */
class SequenceShapeMergeLayersTest extends Float64Test {

    private static final INDArray SEQ_MASK = Nd4j.create(new double[][] {{1, 1, 1, 0}, {1, 0, 0, 0}, {0, 0, 0, 0}});

    @Test
    void finiteDifferenceGradients() {
        INDArray x = TestArrays.uniform(1, -1, 1, 2, 5, 3);
        for (Layer layer : List.<Layer>of(new Permute(2, 1), new ZeroPadding1D().padding(2, 1), new Cropping1D(1),
                new UpSampling1D(3), new ZeroPadding1D(1).dataFormat("channels_first"))) {
            LayerTesting.checkInputGradient(layer, false, x);
        }
        LayerTesting.checkInputGradient(new RepeatVector(4), false, TestArrays.uniform(2, -1, 1, 3, 2));
        INDArray a = TestArrays.uniform(3, -1, 1, 2, 3, 4);
        INDArray b = TestArrays.uniform(4, -1, 1, 2, 5, 4);
        for (Dot dot : List.of(new Dot(2), new Dot(2).normalize(true), new Dot(-1).normalize(true))) {
            GradientCheck.check(t -> LayerTesting.run(dot, false, t).get(0), a, b);
        }
        Dot pair = new Dot(1, 2);
        GradientCheck.check(t -> LayerTesting.run(pair, false, t).get(0), TestArrays.uniform(5, -1, 1, 2, 3, 4),
                TestArrays.uniform(6, -1, 1, 2, 4, 3));
        INDArray c = TestArrays.uniform(7, -1, 1, 2, 3, 4);
        GradientCheck.check(t -> LayerTesting.run(new Maximum(), false, t).get(0), a, c);
        GradientCheck.check(t -> LayerTesting.run(new Minimum(), false, t).get(0), a, c, TestArrays.uniform(8, -1, 1,
                2, 3, 4));
    }

    @Test
    void maximumAndMinimumWithMasksFollowKeras3() {
        INDArray a = TestArrays.uniform(9, -1, 1, 3, 4, 2);
        INDArray b = TestArrays.uniform(10, -1, 1, 3, 4, 2);
        INDArray mb = Nd4j.create(new double[][] {{1, 1, 0, 0}, {1, 1, 1, 1}, {0, 0, 0, 0}});
        for (Layer layer : List.<Layer>of(new Maximum(), new Minimum())) {
            List<INDArray> masks = Arrays.asList(SEQ_MASK, mb);
            GradientCheck.check(t -> layer.callOn(t, masks, false).get(0), a, b);
            INDArray y = layer.callOn(List.of(Tensor.of(a), Tensor.of(b)), masks, false).get(0).value();
            // sample 0, step 2: only a is valid, so a wins whatever b holds
            assertEquals(a.getDouble(0, 2, 1), y.getDouble(0, 2, 1), 0.0);
            // sample 2: both fully masked; Keras's where() chain leaves the first input's values
            assertEquals(a.getDouble(2, 1, 0), y.getDouble(2, 1, 0), 0.0);
            // sample 1, step 1: only b is valid
            assertEquals(b.getDouble(1, 1, 0), y.getDouble(1, 1, 0), 0.0);
            INDArray outMask = layer.computeMask(List.of(Tensor.of(a), Tensor.of(b)), masks).get(0);
            assertEquals(Nd4j.create(new double[][] {{1, 1, 1, 0}, {1, 1, 1, 1}, {0, 0, 0, 0}}), outMask);
            assertTrue(layer.computeMask(List.of(Tensor.of(a), Tensor.of(b)), Arrays.asList(SEQ_MASK, null)).isEmpty(),
                    "one input without a mask: no output mask, as Keras 3");
        }
    }

    @Test
    void configsUseKerasKeysAndRoundTrip() {
        assertEquals(List.of(2, 1), new Permute(2, 1).config().get("dims"));
        LayerTesting.assertRoundTrip(new Permute(3, 1, 2));
        assertEquals(3, new RepeatVector(3).config().get("n"));
        LayerTesting.assertRoundTrip(new RepeatVector(3));
        ZeroPadding1D z = new ZeroPadding1D().padding(2, 0).dataFormat("channels_first");
        assertEquals(List.of("name", "trainable", "dtype", "padding", "data_format"), List.copyOf(z.config().keySet()));
        assertEquals(List.of(2, 0), z.config().get("padding"));
        LayerTesting.assertRoundTrip(z);
        assertEquals(List.of(1, 1), ((ZeroPadding1D) LayerTesting.create("ZeroPadding1D",
                java.util.Map.of("padding", 1))).config().get("padding"));
        assertEquals(List.of(1, 1), new Cropping1D().config().get("cropping"));
        LayerTesting.assertRoundTrip(new Cropping1D().cropping(0, 2));
        assertEquals(2, new UpSampling1D().config().get("size"));
        LayerTesting.assertRoundTrip(new UpSampling1D(3));
        Dot d = new Dot(1, 2).normalize(true);
        assertEquals(List.of("name", "trainable", "dtype", "axes", "normalize"), List.copyOf(d.config().keySet()));
        assertEquals(List.of(1, 2), d.config().get("axes"));
        LayerTesting.assertRoundTrip(d);
        assertEquals(-1, new Dot(-1).config().get("axes"));
        LayerTesting.assertRoundTrip(new Dot(-1));
        LayerTesting.assertRoundTrip(new Maximum());
        LayerTesting.assertRoundTrip(new Minimum());
    }

    @Test
    void refusedArguments() {
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> new Permute(0, 1));
        assertEquals("Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be"
                + " consecutive and start from 1. Received dims=[0, 1]", p.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RepeatVector(0));
        assertThrows(IllegalArgumentException.class, () -> new UpSampling1D(0));
        assertThrows(IllegalArgumentException.class, () -> new ZeroPadding1D().padding(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> LayerTesting.create("Dot", java.util.Map.of("axes",
                List.of(1, 2, 3))));
    }

    @Test
    void badShapesNameTheLayerAndTheShapes() {
        LayerShapeException c = assertThrows(LayerShapeException.class,
                () -> new Cropping1D().cropping(2, 1).name("crop").ensureBuilt(List.of(new long[] {-1, 3, 2})));
        assertEquals("Layer 'crop' (Cropping1D): `cropping` must be smaller than the input length. Received:"
                + " input_shape=(None, 3, 2), cropping=(2, 1).", c.getMessage());
        LayerShapeException d = assertThrows(LayerShapeException.class,
                () -> new Dot(2).name("dd").ensureBuilt(List.of(new long[] {-1, 3, 4}, new long[] {-1, 5, 3})));
        assertEquals("Layer 'dd' (Dot): incompatible input shapes: axis values 4 (at axis 2) != 3 (at axis 2). Full"
                + " input shapes: (None, 3, 4), (None, 5, 3).", d.getMessage());
        LayerShapeException batch = assertThrows(LayerShapeException.class,
                () -> new Dot(0).name("d0").ensureBuilt(List.of(new long[] {-1, 3}, new long[] {-1, 3})));
        assertTrue(batch.getMessage().contains("(None, 3) and (None, 3)"), batch.getMessage());
        LayerShapeException perm = assertThrows(LayerShapeException.class,
                () -> new Permute(2, 1).name("pp").ensureBuilt(List.of(new long[] {-1, 3, 4, 5})));
        assertEquals("Input 0 of layer 'pp' (Permute) is incompatible with the layer: dims=[2, 1] expects ndim=3,"
                + " found ndim=4. Full shape received: (None, 3, 4, 5).", perm.getMessage());
        LayerShapeException rv = assertThrows(LayerShapeException.class,
                () -> new RepeatVector(2).name("rv").ensureBuilt(List.of(new long[] {-1, 3, 4})));
        assertTrue(rv.getMessage().contains("'rv'") && rv.getMessage().contains("(None, 3, 4)"), rv.getMessage());
        LayerShapeException m = assertThrows(LayerShapeException.class,
                () -> new Maximum().name("mx").ensureBuilt(List.of(new long[] {-1, 3, 4}, new long[] {-1, 3, 5})));
        assertTrue(m.getMessage().contains("'mx'") && m.getMessage().contains("(None, 3, 4) and (None, 3, 5)"),
                m.getMessage());
        assertArrayEquals(new long[] {-1, -1, 3}, new UpSampling1D(2).computeOutputShape(new long[] {-1, -1, 3}));
    }
}
