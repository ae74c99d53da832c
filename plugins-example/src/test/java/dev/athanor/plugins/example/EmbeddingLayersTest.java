package dev.athanor.plugins.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.layers.LayerShapeException;
import dev.athanor.core.registry.Registries;
import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.ConfigRoundTrip;
import dev.athanor.core.testing.GradientCheck;
import dev.athanor.core.testing.TestArrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * TokenAndPositionEmbedding and PositionEmbedding: outputs by hand, gradients (finite differences in double
 * for the inputs and both tables), Keras's registered name, config round trips and shape errors.
 */
class EmbeddingLayersTest {

    private static final INDArray IDS = Nd4j.create(new double[][] {{1, 3, 3}, {0, 2, 1}});

    @Test
    void tokenAndPositionEmbeddingAddsTheRowsAndItsGradientsMatchFiniteDifferences() {
        Float64.run(() -> {
            TokenAndPositionEmbedding layer = new TokenAndPositionEmbedding(4, 5, 3);
            layer.ensureBuilt(List.of(new long[] {-1, 3}));
            INDArray tok = layer.tokenEmbeddings().value();
            INDArray pos = layer.positionEmbeddings().value();
            INDArray out = layer.callOn(List.of(Tensor.of(IDS)), false).get(0).value();
            assertArrayEquals(new long[] {2, 3, 3}, out.shape());
            Asserts.assertAllClose(tok.getRow(3).add(pos.getRow(1)), out.slice(0).slice(1), 1e-15, 0);
            Asserts.assertAllClose(tok.getRow(0).add(pos.getRow(0)), out.slice(1).slice(0), 1e-15, 0);
            // the tables as inputs of the same computation the layer runs (gather + slice + add)
            int[] rows = IDS.reshape(6).toIntVector();
            GradientCheck.check(t -> t.get(0).gatherRows(rows).reshape(2, 3, 3).add(t.get(1).slice(0, 0, 3)),
                    TestArrays.uniform(1, -1, 1, 5, 3), TestArrays.uniform(2, -1, 1, 4, 3));
            INDArray w = TestArrays.uniform(3, 0.5, 1.5, 2, 3, 3);
            layer.callOn(List.of(Tensor.of(IDS)), false).get(0).mul(Tensor.of(w)).sum().backward();
            // token 3 occurs twice in sample 0: its row's gradient adds both weights
            Asserts.assertAllClose(w.slice(0).slice(1).add(w.slice(0).slice(2)),
                    layer.tokenEmbeddings().grad().getRow(3), 1e-14, 1e-14);
            Asserts.assertAllClose(w.sum(0), layer.positionEmbeddings().grad().get(
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3)), 1e-14, 1e-14);
            assertEquals(0.0, layer.positionEmbeddings().grad().getRow(3).amaxNumber().doubleValue(), 0.0);
            return null;
        });
    }

    @Test
    void positionEmbeddingGradientMatchesFiniteDifferences() {
        Float64.run(() -> {
            PositionEmbedding layer = new PositionEmbedding(5);
            GradientCheck.check(t -> layer.callOn(t, false).get(0), TestArrays.uniform(4, -1, 1, 2, 3, 4));
            return null;
        });
    }

    @Test
    void registeredUnderKerasNameWithConfigRoundTrip() {
        Registries r = Registries.defaults();
        assertTrue(r.layers().contains("athanor_example>TokenAndPositionEmbedding"));
        Layer viaKeras = r.layers().create("athanor_example>TokenAndPositionEmbedding",
                Map.of("maxlen", 20, "vocab_size", 10, "embed_dim", 32));
        assertEquals("TokenAndPositionEmbedding", viaKeras.registryName());
        ConfigRoundTrip.assertRoundTrip((Layer) new TokenAndPositionEmbedding(20, 10, 32), r.layers());
        ConfigRoundTrip.assertRoundTrip((Layer) new PositionEmbedding(8), r.layers());
    }

    @Test
    void badShapesAndIdsNameTheLayer() {
        TokenAndPositionEmbedding layer = new TokenAndPositionEmbedding(4, 5, 3);
        layer.name("tpe");
        LayerShapeException tooLong = assertThrows(LayerShapeException.class,
                () -> layer.ensureBuilt(List.of(new long[] {-1, 6})));
        assertEquals("Layer 'tpe' expects input shape (None, 4) but received (None, 6). TokenAndPositionEmbedding takes"
                + " one input of ids [batch, T] with T <= maxlen = 4.", tooLong.getMessage());
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
                () -> layer.callOn(List.of(Tensor.of(Nd4j.create(new double[][] {{1, 7}}))), false));
        assertTrue(id.getMessage().startsWith("Layer 'tpe' (TokenAndPositionEmbedding): id 7"), id.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TokenAndPositionEmbedding(0, 5, 3));
        assertThrows(LayerShapeException.class, () -> new PositionEmbedding(3).ensureBuilt(List.of(new long[] {-1, 4, 2})));
    }
}
