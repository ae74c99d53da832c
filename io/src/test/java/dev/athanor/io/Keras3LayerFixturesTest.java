package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.layers.Layer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Models made of issue 16's layers (ReLU, LeakyReLU, PReLU, ELU, Softmax, Permute, RepeatVector,
 * ZeroPadding1D, Cropping1D, UpSampling1D, Dot, Maximum, Minimum, Rescaling, GaussianNoise,
 * GaussianDropout, ActivityRegularization, SpatialDropout1D/2D), written by real
 * Keras 3.15.1 (resources/keras3-layers/make_layer_fixtures.py), load from their {@code .keras}
 * and {@code .h5} files and predict what Keras predicted (1e-5).
 */
class Keras3LayerFixturesTest {

    static final Path DIR = Path.of("src", "test", "resources", "keras3-layers");

    private static double maxDiff(Model m, String name) throws IOException {
        List<INDArray> xs = new ArrayList<>();
        for (int i = 0; Files.exists(DIR.resolve(name + ".x" + i + ".npy")); i++) {
            xs.add(Npy.read(DIR.resolve(name + ".x" + i + ".npy")).castTo(DataType.FLOAT));
        }
        INDArray got = m.predictAll(xs, 32).get(0);
        INDArray want = Npy.read(DIR.resolve(name + ".y.npy"));
        assertArrayEquals(want.shape(), got.shape(), name);
        return got.castTo(DataType.DOUBLE).sub(want.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"activations.keras", "activations.h5", "activations_keras2.h5",
            "activations_seq.keras", "activations_seq.h5", "shapes_seq.keras", "shapes_seq.h5", "merges.keras",
            "merges.h5", "preprocessing_seq.keras", "preprocessing_seq.h5", "spatial_seq.keras", "spatial_seq.h5"})
    void loadsAndPredictsAsKeras(String file) throws IOException {
        Model m = Models.load(DIR.resolve(file));
        String name = file.substring(0, file.indexOf('.')).replace("_keras2", "");
        double diff = maxDiff(m, name);
        System.out.println(file + " max |diff| " + diff);
        assertTrue(diff <= 1e-5, file + ": max |difference| " + diff);
    }

    @Test
    void keras2AlphaIsReadAsNegativeSlope() throws IOException {
        Model m = Models.load(DIR.resolve("activations_keras2.h5"));
        Layer leaky = m.layers().stream().filter(l -> l.name().equals("leaky")).findFirst().orElseThrow();
        assertEquals(0.1, (Double) leaky.config().get("negative_slope"), 1e-7);
        Layer prelu = m.layers().stream().filter(l -> l.name().equals("prelu")).findFirst().orElseThrow();
        assertArrayEquals(new long[] {8}, prelu.getWeights().get(0).shape());
    }
}
