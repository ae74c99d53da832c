package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Tensor;
import dev.athanor.core.testing.TestArrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** EinsumDense beyond the Keras goldens ({@link AttentionGoldenTest}); and the softmax fix attention needs. */
class EinsumDenseTest extends Float64Test {

    @Test
    void gradientsForEveryEquationShape() {
        INDArray x3 = TestArrays.uniform(1, -1, 1, 2, 3, 2);
        for (EinsumDense layer : List.of(
                new EinsumDense("abc,cde->abde", -1, 2, 2).biasAxes("de").biasInitializer("random_normal"),
                new EinsumDense("abc,bd->acd", 2, 3).biasAxes("d").biasInitializer("random_normal"),
                new EinsumDense("abc,cd->adb", 3, -1).biasAxes("d").activation("tanh")
                        .biasInitializer("random_normal"),
                new EinsumDense("...b,bc->...c", 2))) {
            LayerTesting.checkInputGradient(layer, true, x3);
            LayerTesting.checkWeightGradients(layer, true, x3);
        }
    }

    @Test
    void kernelAndBiasShapesAsKeras() {
        EinsumDense permuted = new EinsumDense("abc,cd->adb", 4, -1).biasAxes("d").name("ed");
        permuted.ensureBuilt(List.of(new long[] {-1, 3, 5}));
        assertArrayEquals(new long[] {5, 4}, permuted.kernel().value().shape());
        assertArrayEquals(new long[] {4, 1}, permuted.bias().value().shape(), "Keras pads the bias with 1s");
        assertArrayEquals(new long[] {-1, 4, 3}, permuted.computeOutputShape(new long[] {-1, 3, 5}));
    }

    @Test
    void configRoundTripAndErrors() {
        EinsumDense layer = new EinsumDense("abc,cde->abde", -1, 2, 3).biasAxes("de").activation("relu");
        LayerTesting.assertRoundTrip(layer);
        assertEquals(List.of("name", "trainable", "dtype", "output_shape", "equation", "activation", "bias_axes",
                "kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
                "activity_regularizer", "kernel_constraint", "bias_constraint"), List.copyOf(layer.config().keySet()));
        java.util.Map<String, Object> keras = new java.util.HashMap<>(layer.config());
        keras.put("output_shape", 4);
        keras.put("equation", "ab,bc->ac");
        keras.put("bias_axes", "c");
        keras.put("quantization_config", null);
        EinsumDense fromKeras = (EinsumDense) LayerTesting.create("EinsumDense", keras);
        assertEquals(4L, ((Number) fromKeras.config().get("output_shape")).longValue());
        EinsumDense built = new EinsumDense("abc,cd->abd", -1, 4).name("proj");
        LayerTesting.run1(built, false, TestArrays.uniform(1, -1, 1, 2, 3, 5));
        LayerShapeException e = assertThrows(LayerShapeException.class,
                () -> LayerTesting.run1(built, false, TestArrays.uniform(1, -1, 1, 2, 3, 6)));
        assertEquals("Layer 'proj' expects input shape (None, 3, 5) but received (None, 3, 6). EinsumDense"
                + " 'abc,cd->abd' was built for that input shape.", e.getMessage());
        LayerShapeException rank = assertThrows(LayerShapeException.class,
                () -> LayerTesting.run1(new EinsumDense("abc,cd->abd", -1, 4).name("r"), false,
                        TestArrays.uniform(1, -1, 1, 2, 5)));
        assertTrue(rank.getMessage().contains("expects an input of rank 3 but received shape (None, 5)"),
                rank.getMessage());
        IllegalArgumentException batched = assertThrows(IllegalArgumentException.class,
                () -> LayerTesting.run1(new EinsumDense("abc,bcd->abd", -1, 4), false,
                        TestArrays.uniform(1, -1, 1, 2, 3, 5)));
        assertTrue(batched.getMessage().contains("batched kernel"), batched.getMessage());
    }

    @Test
    void softmaxOfRank4RowsWithEveryLogitHugelyNegativeIsUniformNotNaN() {
        INDArray x = Nd4j.valueArrayOf(new long[] {2, 1, 2, 3}, -1e9);
        INDArray y = Tensor.of(x).softmax(-1).value();
        assertFalse(y.isNaN().any(), "NaN in " + y);
        assertEquals(1.0 / 3, y.getDouble(0, 0, 1, 2), 1e-15);
    }
}
