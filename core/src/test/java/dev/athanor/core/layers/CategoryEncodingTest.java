package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Input;
import dev.athanor.core.Model;
import dev.athanor.core.Tensor;
import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.GradientCheck;
import dev.athanor.core.testing.TestArrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * CategoryEncoding beyond the Keras goldens ({@link PreprocessingGoldenTest}): encodings by hand, the
 * finite-difference gradient of count_weights, use in a functional model, configs, and the refused
 * ids, modes, shapes and sparse output.
 */
class CategoryEncodingTest extends Float64Test {

    private static final INDArray IDS = Nd4j.create(new double[][] {{0, 1}, {0, 0}, {1, 2}, {3, 1}});

    @Test
    void encodesAsKerasDocuments() {
        Asserts.assertAllClose(Nd4j.create(new double[][] {{1, 1, 0, 0}, {1, 0, 0, 0}, {0, 1, 1, 0}, {0, 1, 0, 1}}),
                LayerTesting.run1(new CategoryEncoding(4), false, IDS).value(), 0, 0);
        Asserts.assertAllClose(Nd4j.create(new double[][] {{1, 1, 0, 0}, {2, 0, 0, 0}, {0, 1, 1, 0}, {0, 1, 0, 1}}),
                LayerTesting.run1(new CategoryEncoding(4).outputMode("count"), false, IDS).value(), 0, 0);
        Asserts.assertAllClose(Nd4j.create(new double[][] {{0, 0, 0, 1}, {0, 0, 1, 0}, {1, 0, 0, 0}}),
                LayerTesting.run1(new CategoryEncoding(4).outputMode("one_hot"), false, Nd4j.create(new double[] {3, 2, 0}))
                        .value(), 0, 0);
        INDArray weights = Nd4j.create(new double[][] {{.1, .2}, {.1, .1}, {.2, .3}, {.4, .2}});
        Tensor out = LayerTesting.run(new CategoryEncoding(4).outputMode("count"), false,
                List.of(Tensor.of(IDS), Tensor.of(weights))).get(0);
        Asserts.assertAllClose(Nd4j.create(new double[][] {{.1, .2, 0, 0}, {.2, 0, 0, 0}, {0, .2, .3, 0},
                {0, .2, 0, .4}}), out.value(), 1e-15, 1e-15);
    }

    @Test
    void countWeightsGradientByFiniteDifferences() {
        INDArray ids = Nd4j.create(new double[][] {{0, 2, 2, 4}, {1, 1, 3, 0}, {4, 4, 4, 4}});
        CategoryEncoding layer = new CategoryEncoding(5).outputMode("count");
        GradientCheck.check(t -> LayerTesting.run(layer, false, List.of(Tensor.of(ids), t.get(0))).get(0),
                TestArrays.uniform(7, -1, 1, 3, 4));
    }

    @Test
    void worksInAFunctionalModel() {
        Tensor in = Input.of(3);
        Tensor out = new Dense(2).apply(new CategoryEncoding(6).outputMode("multi_hot").apply(in));
        Model m = new Model(List.of(in), List.of(out));
        INDArray p = m.predict(Nd4j.create(new double[][] {{5, 0, 5}, {1, 2, 3}}));
        assertArrayEquals(new long[] {2, 2}, p.shape());
        Tensor seq = Input.of(7);
        assertArrayEquals(new long[] {-1, 7, 6}, new CategoryEncoding(6).outputMode("one_hot").apply(seq).shape());
    }

    @Test
    void configsUseKerasKeysAndRoundTrip() {
        CategoryEncoding c = new CategoryEncoding(9).outputMode("count");
        assertEquals(List.of("name", "trainable", "dtype", "num_tokens", "output_mode"), List.copyOf(c.config().keySet()));
        LayerTesting.assertRoundTrip(c);
        LayerTesting.assertRoundTrip(new CategoryEncoding(3));
        assertEquals("multi_hot", LayerTesting.create("CategoryEncoding", Map.of("num_tokens", 3, "output_mode",
                "binary")).config().get("output_mode"));
        // Keras 2 wrote `sparse`: false is read, true refused
        LayerTesting.create("CategoryEncoding", Map.of("num_tokens", 3, "sparse", false));
    }

    @Test
    void refusedInputsSayWhatWasWrong() {
        CategoryEncoding c = new CategoryEncoding(4).name("enc");
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> LayerTesting.run1(c, false, Nd4j.create(new double[][] {{0, 4}})));
        assertEquals("Layer 'enc' (CategoryEncoding): every id must be an integer in [0, num_tokens) = [0, 4). Received"
                + " 4.0 (flat index 1 of ids of shape [1, 2]).", range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LayerTesting.run1(c, false, Nd4j.create(new double[][] {{-1, 0}})));
        assertThrows(IllegalArgumentException.class, () -> LayerTesting.run1(c, false, Nd4j.create(new double[][] {{0.5, 0}})));
        IllegalArgumentException sparse = assertThrows(IllegalArgumentException.class,
                () -> LayerTesting.create("CategoryEncoding", Map.of("num_tokens", 3, "sparse", true)));
        assertTrue(sparse.getMessage().contains("sparse=True is not supported"), sparse.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                () -> new CategoryEncoding(3).outputMode("tf_idf"));
        assertEquals("Unknown arg for output_mode: tf_idf. Known: one_hot, multi_hot (or binary), count.", mode.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CategoryEncoding(0));
        assertThrows(IllegalArgumentException.class, () -> LayerTesting.create("CategoryEncoding", Map.of()));
        LayerShapeException rank = assertThrows(LayerShapeException.class,
                () -> new CategoryEncoding(4).name("mh").ensureBuilt(List.of(new long[] {-1, 2, 3})));
        assertEquals("Layer 'mh' (CategoryEncoding, multi_hot) takes ids of shape [batch, tokens] but received"
                + " (None, 2, 3). Keras supports only rank-2 ids here.", rank.getMessage());
        LayerShapeException weights = assertThrows(LayerShapeException.class, () -> new CategoryEncoding(4)
                .outputMode("count").name("cw").ensureBuilt(List.of(new long[] {-1, 3}, new long[] {-1, 2})));
        assertEquals("Layer 'cw' expects input shape (None, 3) but received (None, 2). CategoryEncoding's count_weights"
                + " must have the ids' shape.", weights.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CategoryEncoding(4).ensureBuilt(
                List.of(new long[] {-1, 3}, new long[] {-1, 3})));
    }
}
