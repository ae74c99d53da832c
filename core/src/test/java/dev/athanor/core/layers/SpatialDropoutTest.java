package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.testing.TestArrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** SpatialDropout1D/2D: whole channels dropped in training, identity at inference, gradients, configs. */
class SpatialDropoutTest extends Float64Test {

    @Test
    void dropsWholeChannelsInTrainingOnly() {
        INDArray x = Nd4j.ones(50, 6, 40);
        SpatialDropout1D d = new SpatialDropout1D(0.25).seed(3L);
        assertSame(x, LayerTesting.run1(d, false, x).value());
        INDArray y = LayerTesting.run1(d, true, x).value();
        // every (sample, channel) column is all 0 or all 1 / (1 - rate) across the steps
        INDArray first = y.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all());
        for (int t = 1; t < 6; t++) {
            assertEquals(first, y.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all()));
        }
        double dropped = first.eq(0).castTo(x.dataType()).meanNumber().doubleValue();
        assertEquals(0.25, dropped, 0.03);
        assertEquals(1 / 0.75, first.maxNumber().doubleValue(), 1e-12);
        INDArray img = Nd4j.ones(30, 4, 3, 3);
        INDArray z = LayerTesting.run1(new SpatialDropout2D(0.5).dataFormat("channels_first").seed(1L), true, img)
                .value();
        INDArray perMap = z.max(2, 3);
        assertEquals(perMap, z.min(2, 3), "channels_first: one value per (sample, channel) feature map");
        assertTrue(perMap.eq(0).any() && perMap.eq(2.0).any());
    }

    @Test
    void gradientsConfigsAndErrors() {
        LayerTesting.checkInputGradient(new SpatialDropout1D(0.3), true, TestArrays.uniform(1, -1, 1, 2, 3, 4));
        LayerTesting.checkInputGradient(new SpatialDropout2D(0.3), true, TestArrays.uniform(2, -1, 1, 2, 2, 2, 3));
        LayerTesting.assertRoundTrip(new SpatialDropout1D(0.2).seed(4L));
        LayerTesting.assertRoundTrip(new SpatialDropout2D(0.2).dataFormat("channels_first"));
        assertEquals(List.of("name", "trainable", "dtype", "rate", "seed"),
                List.copyOf(new SpatialDropout1D(0.1).config().keySet()));
        assertEquals(List.of("name", "trainable", "dtype", "rate", "seed", "data_format"),
                List.copyOf(new SpatialDropout2D(0.1).config().keySet()));
        assertThrows(IllegalArgumentException.class, () -> new SpatialDropout1D(1.0));
        LayerShapeException e = assertThrows(LayerShapeException.class,
                () -> new SpatialDropout2D(0.1).name("sd").ensureBuilt(List.of(new long[] {-1, 3, 4})));
        assertEquals("Input 0 of layer 'sd' (SpatialDropout2D) is incompatible with the layer: expected ndim=4, found"
                + " ndim=3. Full shape received: (None, 3, 4).", e.getMessage());
    }
}
