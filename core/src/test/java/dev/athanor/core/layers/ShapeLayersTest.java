package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.testing.TestArrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Activation, Flatten and Reshape. */
class ShapeLayersTest extends Float64Test {

    @Test
    void activationLayerAppliesNamedFunction() {
        INDArray in = TestArrays.uniform(1, -2, 2, 3, 4);
        Activation a = new Activation("tanh");
        INDArray out = LayerTesting.run1(a, false, in).value();
        for (int i = 0; i < 12; i++) {
            assertEquals(Math.tanh(in.getDouble(i)), out.getDouble(i), 1e-12);
        }
        assertArrayEquals(new long[] {-1, 4}, a.computeOutputShape(List.of(new long[] {-1, 4})).get(0));
        LayerTesting.checkInputGradient(new Activation("softplus"), false, in);
        assertEquals("tanh", a.config().get("activation"));
        LayerTesting.assertRoundTrip(a);
        LayerTesting.assertRoundTrip(new Activation("softmax"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Activation("rleu"));
        assertEquals(true, e.getMessage().contains("Did you mean 'relu'?"), e.getMessage());
    }

    @Test
    void flattenShapesAndValues() {
        Flatten f = new Flatten();
        assertArrayEquals(new long[] {-1, 24}, f.computeOutputShape(List.of(new long[] {-1, 2, 3, 4})).get(0));
        assertArrayEquals(new long[] {-1, -1}, f.computeOutputShape(List.of(new long[] {-1, -1, 3})).get(0));
        INDArray in = TestArrays.uniform(1, -1, 1, 2, 3, 4);
        INDArray out = LayerTesting.run1(f, false, in).value();
        assertArrayEquals(new long[] {2, 12}, out.shape());
        assertEquals(in.getDouble(1, 2, 3), out.getDouble(1, 11), 0.0);
        assertEquals(in.getDouble(0, 1, 0), out.getDouble(0, 4), 0.0);
        LayerTesting.checkInputGradient(new Flatten(), false, in);
        // channels_first moves the channel axis last before flattening: [n, c, h] -> [n, h, c]
        INDArray cf = LayerTesting.run1(new Flatten().dataFormat("channels_first"), false, in).value();
        assertEquals(in.getDouble(0, 1, 0), cf.getDouble(0, 1), 0.0);
        assertEquals(in.getDouble(0, 0, 1), cf.getDouble(0, 3), 0.0);
        assertEquals("channels_last", f.config().get("data_format"));
        LayerTesting.assertRoundTrip(f);
    }

    @Test
    void reshapeInfersOneUnknownAndRejectsSizeChanges() {
        Reshape r = new Reshape(3, -1).name("reshape_t");
        assertArrayEquals(new long[] {-1, 3, 4}, r.computeOutputShape(List.of(new long[] {-1, 12})).get(0));
        INDArray in = TestArrays.uniform(2, -1, 1, 2, 12);
        INDArray out = LayerTesting.run1(r, false, in).value();
        assertArrayEquals(new long[] {2, 3, 4}, out.shape());
        assertEquals(in.getDouble(1, 7), out.getDouble(1, 1, 3), 0.0);
        LayerTesting.checkInputGradient(new Reshape(2, 2, 3), false, in);
        LayerShapeException e = assertThrows(LayerShapeException.class,
                () -> new Reshape(5, -1).name("reshape_bad").computeOutputShape(List.of(new long[] {-1, 12})));
        assertEquals("Layer 'reshape_bad' (Reshape): total size of new array must be unchanged, input_shape = (12,),"
                + " output_shape = (5, -1).".replace("-1", "None"), e.getMessage());
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, -1));
        assertEquals("There can only be one unknown dimension (-1) in `target_shape`. Received: target_shape=[-1, -1]",
                two.getMessage());
        assertEquals(List.of(3L, -1L), r.config().get("target_shape"));
        LayerTesting.assertRoundTrip(r);
    }
}
