package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Model;
import dev.athanor.core.Models;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Six models written by real Keras 3.15.1 (resources/keras3/make_fixtures.py) load from their
 * {@code .keras} and Keras 3 {@code .h5} files and predict what Keras predicted (1e-5).
 */
class Keras3FixturesTest {

    static final Path DIR = Path.of("src", "test", "resources", "keras3");

    static List<INDArray> inputs(String name) throws IOException {
        List<INDArray> xs = new ArrayList<>();
        for (int i = 0; Files.exists(DIR.resolve(name + ".x" + i + ".npy")); i++) {
            xs.add(Npy.read(DIR.resolve(name + ".x" + i + ".npy")).castTo(DataType.FLOAT));
        }
        return xs;
    }

    static double maxDiff(Model m, String name) throws IOException {
        List<INDArray> xs = inputs(name);
        INDArray got = m.predictAll(xs, 32).get(0);
        INDArray want = Npy.read(DIR.resolve(name + ".y.npy"));
        assertArrayEquals(want.shape(), got.shape(), name);
        return got.castTo(DataType.DOUBLE).sub(want.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "two_input", "conv_bn", "embed_lstm", "conv1d_gru", "residual_ln"})
    void kerasFileLoadsAndPredictsAsKeras(String name) throws IOException {
        Model m = Models.load(DIR.resolve(name + ".keras"));
        double diff = maxDiff(m, name);
        System.out.println(name + ".keras max |diff| " + diff);
        assertTrue(diff <= 1e-5, name + ".keras: max |difference| " + diff);
        assertTrue(m.isCompiled(), name + " is compiled from compile_config");
        assertEquals(2, m.optimizer().iterations(), name + ": Keras's optimizer state (2 steps) is restored");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "two_input", "conv_bn", "embed_lstm", "conv1d_gru", "residual_ln"})
    void keras3H5LoadsAndPredictsAsKeras(String name) throws IOException {
        Model m = Models.load(DIR.resolve(name + ".h5"));
        double diff = maxDiff(m, name);
        System.out.println(name + ".h5 max |diff| " + diff);
        assertTrue(diff <= 1e-5, name + ".h5: max |difference| " + diff);
        assertTrue(m.isCompiled(), name + " is compiled from training_config");
        assertEquals(2, m.optimizer().iterations(), name + ": Keras's optimizer state (2 steps) is restored");
    }
}
