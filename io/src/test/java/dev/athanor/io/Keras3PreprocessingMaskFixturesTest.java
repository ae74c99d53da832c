package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Input;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.layers.CategoryEncoding;
import dev.athanor.core.layers.Concatenate;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Flatten;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.layers.Normalization;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Normalization (adapted, given, inverted) and CategoryEncoding (multi_hot, count, one_hot) in models
 * written by real Keras 3.15.1 (resources/keras3-layers/make_preprocessing_mask_fixtures.py) load from
 * {@code .keras} and {@code .h5} and predict what Keras predicted; the adapted statistics arrive as
 * the weights mean/variance/count. So does {@code masked_merges}, whose Embedding mask reaches Add,
 * Multiply, Concatenate, an LSTM and GlobalAveragePooling1D: Keras 3 wrote the mask's computation as
 * operation nodes passed as {@code mask=} (see {@link Keras3CallArguments}). Its {@code .h5} twin keeps
 * those nodes without their modules; Keras 3.15.1 cannot load it ({@code Unknown layer: 'NotEqual'}) and
 * Athanor refuses it naming the node. Athanor's own files keep them too: an adapted model saved as
 * {@code .h5} and {@code .keras} reloads with equal weights (count int64) and predictions.
 */
class Keras3PreprocessingMaskFixturesTest {

    static final Path DIR = Path.of("src", "test", "resources", "keras3-layers");

    @TempDir
    Path tmp;

    private static INDArray predict(Model m, String name) throws IOException {
        INDArray x = Npy.read(DIR.resolve(name + ".x0.npy")).castTo(DataType.FLOAT);
        return m.predict(x);
    }

    @ParameterizedTest
    @ValueSource(strings = {"normalization_adapted.keras", "normalization_adapted.h5", "category_encoding.keras",
            "category_encoding.h5", "masked_merges.keras"})
    void loadsAndPredictsAsKeras(String file) throws IOException {
        Model m = Models.load(DIR.resolve(file));
        String name = file.substring(0, file.indexOf('.'));
        INDArray got = predict(m, name);
        INDArray want = Npy.read(DIR.resolve(name + ".y.npy"));
        assertArrayEquals(want.shape(), got.shape(), file);
        double diff = got.castTo(DataType.DOUBLE).sub(want.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        System.out.println(file + " max |diff| " + diff);
        assertTrue(diff <= 1e-4, file + ": max |difference| " + diff);
        if (name.startsWith("normalization")) {
            Layer features = m.layers().stream().filter(l -> l.name().equals("norm_features")).findFirst().orElseThrow();
            INDArray mean = features.getWeights().get(0);
            assertArrayEquals(new long[] {3}, mean.shape());
            assertTrue(mean.minNumber().doubleValue() > 3, "adapted mean (about 5) loaded: " + mean);
            assertEquals(3, features.getWeights().size(), "mean, variance, count");
            Layer given = m.layers().stream().filter(l -> l.name().equals("norm_given")).findFirst().orElseThrow();
            assertTrue(given.variables().isEmpty(), "given statistics live in the config");
            assertEquals(0.5, given.config().get("mean"));
        }
    }

    @Test
    void kerasOwnH5WithMaskOperationsIsRefusedNamingTheNode() {
        java.io.UncheckedIOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.UncheckedIOException.class,
                () -> Models.load(DIR.resolve("masked_merges.h5")));
        assertTrue(e.getMessage().contains("'not_equal'"), e.getMessage());
    }

    @Test
    void athanorFilesKeepAdaptedStatistics() throws IOException {
        Tensor x = Input.of(4, 3);
        Normalization norm = new Normalization().axis(2).name("norm");
        norm.adapt(Nd4j.rand(DataType.FLOAT, 40, 4, 3).muli(6).subi(1));
        Tensor h = new Dense(5).apply(norm.apply(x));
        Tensor ids = Input.of(5);
        Tensor enc = new CategoryEncoding(7).outputMode("count").apply(ids);
        Tensor out = new Dense(2).apply(new Concatenate().apply(new Flatten().apply(h), enc));
        Model m = new Model(List.of(x, ids), List.of(out));
        List<INDArray> inputs = List.of(Nd4j.rand(DataType.FLOAT, 3, 4, 3),
                Nd4j.create(new float[][] {{0, 1, 6, 6, 2}, {3, 3, 3, 3, 3}, {5, 4, 0, 1, 2}}));
        INDArray want = m.predictAll(inputs, 32).get(0);
        for (String file : List.of("m.h5", "m.keras")) {
            Path p = tmp.resolve(file);
            m.save(p);
            Model again = Models.load(p);
            INDArray got = again.predictAll(inputs, 32).get(0);
            assertEquals(want, got, file + ": predictions");
            Layer n2 = again.layers().stream().filter(l -> l.name().equals("norm")).findFirst().orElseThrow();
            List<Variable> vars = n2.variables();
            assertEquals(norm.mean().value(), vars.get(0).value(), file + ": mean");
            assertEquals(norm.variance().value(), vars.get(1).value(), file + ": variance");
            assertEquals(DataType.LONG, vars.get(2).value().dataType(), file + ": count stays int64");
        }
    }
}
