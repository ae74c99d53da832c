package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Tensor;
import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.TestArrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Embedding and Masking: gradients (repeated ids add up), masks, shapes, configs, errors. */
class EmbeddingMaskingTest extends Float64Test {

    private static final INDArray IDS = Nd4j.create(new double[][] {{1, 0, 4, 1}, {2, 2, 0, 0}});

    @Test
    void embeddingGradientAddsUpRepeatedIds() {
        Embedding e = new Embedding(5, 3);
        RecurrentTesting.checkWeightGradients(e, false, null, IDS);
        // by hand: d(sum(out))/d(table[id]) = number of times id occurs
        Tensor out = e.callOn(List.of(Tensor.of(IDS)), false).get(0);
        e.embeddings().zeroGrad();
        out.sum().backward();
        double[] counts = {3, 2, 2, 0, 1};
        for (int id = 0; id < 5; id++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(counts[id], e.embeddings().grad().getDouble(id, j), 0.0);
            }
        }
    }

    @Test
    void embeddingShapesMaskAndConfig() {
        Embedding e = new Embedding(5, 3).maskZero(true).inputLength(4);
        assertArrayEquals(new long[] {-1, 4, 3}, e.computeOutputShape(new long[] {-1, 4}));
        Tensor out = e.callOn(List.of(Tensor.of(IDS)), false).get(0);
        assertArrayEquals(new long[] {2, 4, 3}, out.shape());
        Asserts.assertAllClose(e.embeddings().value().getRow(4), out.value().get(
                org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(2)), 0, 0);
        INDArray mask = e.computeMask(List.of(Tensor.of(IDS)), null).get(0);
        assertArrayEquals(new double[] {1, 0, 1, 1, 1, 1, 0, 0}, mask.reshape(8).toDoubleVector());
        assertTrue(new Embedding(5, 3).computeMask(List.of(Tensor.of(IDS)), null).isEmpty());
        LayerTesting.assertRoundTrip(new Embedding(5, 3).maskZero(true).inputLength(4).embeddingsRegularizer("l1"));
        // Keras 2.3's Embedding config from logcosh_loss_embedding_k231.h5
        Layer fromKeras = LayerTesting.create("Embedding", dev.athanor.core.testing.Json.roundTrip(Map.of(
                "name", "embedding_1", "trainable", true, "batch_input_shape", java.util.Arrays.asList(null, 3),
                "dtype", "float32", "input_dim", 7, "output_dim", 4, "embeddings_initializer",
                Map.of("class_name", "RandomUniform", "config", Map.of("minval", -0.05, "maxval", 0.05)),
                "mask_zero", false, "input_length", 3)));
        assertArrayEquals(new long[] {-1, 3}, fromKeras.batchInputShape());
    }

    @Test
    void embeddingRefusesOutOfRangeIdsAndWrongLengths() {
        Embedding e = new Embedding(4, 2);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> e.callOn(List.of(Tensor.of(IDS)), false));
        assertTrue(x.getMessage().contains("id 4 is not in [0, 4)") && x.getMessage().contains("input_dim=5"),
                x.getMessage());
        Embedding fixed = new Embedding(5, 2).inputLength(3).name("emb_len");
        LayerShapeException s = assertThrows(LayerShapeException.class,
                () -> fixed.callOn(List.of(Tensor.of(IDS)), false));
        assertTrue(s.getMessage().contains("emb_len") && s.getMessage().contains("(None, 3)")
                && s.getMessage().contains("(None, 4)"), s.getMessage());
    }

    @Test
    void maskingMarksAndZeroesPaddedSteps() {
        INDArray x = TestArrays.uniform(3, -1, 1, 2, 3, 2);
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(1)).assign(-1);
        x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.point(2)).assign(-1);
        x.putScalar(new long[] {1, 0, 0}, -1);  // only one feature equals the value: not masked
        Masking m = new Masking(-1);
        INDArray mask = m.computeMask(List.of(Tensor.of(x)), null).get(0);
        assertArrayEquals(new double[] {1, 0, 1, 1, 1, 0}, mask.reshape(6).toDoubleVector());
        INDArray y = m.callOn(List.of(Tensor.of(x)), false).get(0).value();
        assertEquals(0.0, y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.point(1)).amaxNumber().doubleValue(), 0.0);
        Asserts.assertAllClose(x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0)), y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(1),
                org.nd4j.linalg.indexing.NDArrayIndex.point(0)), 0, 0);
        // away from the mask value the layer is smooth (a masked step cannot be perturbed and stay masked)
        RecurrentTesting.checkInputGradient(new Masking(-1), false, null, TestArrays.uniform(5, 0, 1, 2, 3, 2));
        LayerTesting.assertRoundTrip(new Masking(-1));
    }
}
