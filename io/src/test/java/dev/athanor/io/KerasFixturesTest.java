package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.WeightsLoadReport;
import dev.athanor.core.registry.Registries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Files written by real Keras 2.x (see ATTRIBUTION.md / PROVENANCE.md). */
class KerasFixturesTest {

    private static void assertPredictions(Model model, String inputs, String expected) throws IOException {
        INDArray x = Fixtures.csv(Fixtures.file("io/" + inputs));
        INDArray want = Fixtures.csv(Fixtures.file("io/" + expected));
        INDArray got = model.predict(x).castTo(DataType.DOUBLE);
        assertArrayEquals(want.shape(), got.shape());
        double maxDiff = got.sub(want.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(maxDiff <= 1e-5, "max |difference| " + maxDiff);
    }

    @Test
    void irisKeras214FullModel() throws IOException {
        Model m = Models.load(Fixtures.file("iris_mlp_seq_adam_k214.h5"));
        assertTrue(m.isCompiled());
        assertEquals("Adam", m.optimizer().registryName());
        assertPredictions(m, "iris_mlp_seq_adam_k214.inputs.csv", "iris_mlp_seq_adam_k214.expected_numpy.csv");
    }

    @Test
    void sparseXentKeras231FullModel() throws IOException {
        Model m = Models.load(Fixtures.file("sparse_xent_mlp_k231_model.h5"));
        assertTrue(m.isCompiled());
        assertEquals("RMSprop", m.optimizer().registryName());
        assertPredictions(m, "sparse_xent_mlp_k231.inputs.csv", "sparse_xent_mlp_k231.expected.csv");
    }

    @Test
    void sparseXentKeras231WeightsAndConfig() throws IOException {
        Model m = Models.fromJson(Files.readString(Fixtures.file("sparse_xent_mlp_k231_config.json")));
        WeightsLoadReport r = m.loadWeights(Fixtures.file("sparse_xent_mlp_k231_weights.h5"));
        assertEquals(1, r.loaded().size(), r.toString());
        assertPredictions(m, "sparse_xent_mlp_k231.inputs.csv", "sparse_xent_mlp_k231.expected.csv");
        Model byName = Models.fromJson(Files.readString(Fixtures.file("sparse_xent_mlp_k231_config.json")));
        byName.loadWeights(Fixtures.file("sparse_xent_mlp_k231_weights.h5"), true);
        assertPredictions(byName, "sparse_xent_mlp_k231.inputs.csv", "sparse_xent_mlp_k231.expected.csv");
    }

    @Test
    void mnistKeras230WeightsAndConfig() throws IOException {
        Model m = Models.fromJson(Files.readString(Fixtures.file("mnist_mlp_dropout_k230_config.json")));
        WeightsLoadReport r = m.loadWeights(Fixtures.file("mnist_mlp_dropout_k230_weights.h5"));
        assertEquals(3, r.loaded().size(), r.toString());
        assertPredictions(m, "mnist_mlp_dropout_k230.inputs.csv", "mnist_mlp_dropout_k230.expected.csv");
    }

    @Test
    void lambdaIsRefusedBecauseItIsPythonCode() {
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> new H5Format().load(Fixtures.file("lambda_functional_k209.h5"), Registries.defaults()));
        assertTrue(e.getMessage().contains("Python"), e.getMessage());
        assertTrue(e.getMessage().contains("lambda_functional_k209.h5"), e.getMessage());
    }

    /**
     * Fixtures with layers Athanor may lack: while a layer type is missing, loading fails with an error
     * naming it; once all exist, the file loads and (where Keras outputs are given) predicts them.
     */
    @ParameterizedTest
    @CsvSource({
        "cnn_batchnorm_k213.h5, Conv2D|BatchNormalization, cnn_batchnorm_k213, 10x10x3",
        "conv2d_1layer_tfk211.h5, Conv2D, conv2d_1layer_tfk211, 5x5x1",
        "logcosh_loss_embedding_k231.h5, Embedding, , ",
        "embedding_conv1d_adam_tf24.hdf5, Embedding|Conv1D|MaxPooling1D, , ",
        "add_branches_functional_tfk212.h5, Conv2D, add_branches_functional_tfk212, 10x10x3",
        // multi_input_custom_loss_k224.h5 needs its custom loss from a plugin: RecurrentFixturesTest
    })
    void fixturesWithOtherLayers(String file, String layerTypes, String io, String inputShape) throws IOException {
        Path p = Fixtures.file(file);
        Registries reg = Registries.defaults();
        List<String> missing = new ArrayList<>();
        for (String t : layerTypes.split("\\|")) {
            if (!reg.layers().contains(t)) {
                missing.add(t);
            }
        }
        if (missing.isEmpty()) {
            Model m = new H5Format().load(p, reg);
            if (io != null) {
                INDArray x = Fixtures.csv(Fixtures.file("io/" + io + ".inputs.csv"));
                long[] shape = new long[1 + inputShape.split("x").length];
                shape[0] = x.size(0);
                String[] dims = inputShape.split("x");
                for (int i = 0; i < dims.length; i++) {
                    shape[i + 1] = Long.parseLong(dims[i]);
                }
                INDArray got = m.predict(x.reshape(shape)).castTo(DataType.DOUBLE).reshape(x.size(0), -1);
                INDArray want = Fixtures.csv(Fixtures.file("io/" + io + ".expected.csv")).castTo(DataType.DOUBLE);
                double maxDiff = got.sub(want).amaxNumber().doubleValue();
                assertTrue(maxDiff <= 1e-5, file + ": max |difference| " + maxDiff);
            }
            return;
        }
        ModelFileException e = assertThrows(ModelFileException.class, () -> new H5Format().load(p, reg));
        boolean named = missing.stream().anyMatch(t -> e.getMessage().contains(t));
        assertTrue(named, "expected one of " + missing + " in: " + e.getMessage());
        assertTrue(e.getMessage().contains(file), e.getMessage());
    }
}
