package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Loss;
import dev.athanor.core.Metric;
import dev.athanor.core.Model;
import dev.athanor.core.registry.Plugins;
import dev.athanor.core.registry.Registries;
import dev.athanor.core.testing.PluginJars;
import dev.athanor.io.plugin.HingeMse;
import dev.athanor.io.plugin.ProfileMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Real Keras files with Embedding, LSTM and Conv1D load, and predict what an independent numpy
 * forward pass from their stored weights gives (resources/python/recurrent_fixtures_forward.py;
 * the files ship no Keras outputs). The keras2c model needs its custom loss and metrics from a
 * plugin jar.
 */
class RecurrentFixturesTest {

    private static INDArray expected(String name) throws IOException {
        return Fixtures.csv(Path.of("src", "test", "resources", "keras-h5", "io", name + ".expected_numpy.csv"))
                .castTo(DataType.DOUBLE);
    }

    private static INDArray inputs(String name) throws IOException {
        return Fixtures.csv(Path.of("src", "test", "resources", "keras-h5", "io", name + ".inputs.csv"));
    }

    private static void assertClose(INDArray want, INDArray got, String what) {
        assertArrayEquals(want.shape(), got.shape(), what);
        double diff = got.castTo(DataType.DOUBLE).sub(want).amaxNumber().doubleValue();
        assertTrue(diff <= 1e-5, what + ": max |difference| " + diff);
    }

    @Test
    void embeddingFlattenDenseKeras231() throws IOException {
        Model m = new H5Format().load(Fixtures.file("logcosh_loss_embedding_k231.h5"), Registries.defaults());
        assertEquals("Embedding", m.layers().get(0).registryName());
        INDArray got = m.predict(inputs("logcosh_loss_embedding_k231"));
        assertClose(expected("logcosh_loss_embedding_k231"), got, "logcosh_loss_embedding_k231");
    }

    @Test
    void embeddingConv1dTf24() throws IOException {
        Model m = new H5Format().load(Fixtures.file("embedding_conv1d_adam_tf24.hdf5"), Registries.defaults());
        INDArray got = m.predict(inputs("embedding_conv1d_adam_tf24"));
        assertClose(expected("embedding_conv1d_adam_tf24"), got, "embedding_conv1d_adam_tf24");
    }

    @Test
    void keras2cModelWithoutItsPluginNamesTheLossAndThePlugin() {
        Path file = Fixtures.file("multi_input_custom_loss_k224.h5");
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> new H5Format().load(file, Registries.defaults()));
        assertTrue(e.getMessage().contains("hinge_mse") && e.getMessage().contains("plugin")
                && e.getMessage().contains("multi_input_custom_loss_k224.h5"), e.getMessage());
    }

    @Test
    void keras2cModelLoadsWithItsPluginAndPredicts(@TempDir Path dir) throws IOException {
        Path file = Fixtures.file("multi_input_custom_loss_k224.h5");
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.write(plugins.resolve("keras2c-losses.jar"), Map.of(
                        Loss.class.getName(), HingeMse.class.getName(),
                        Metric.class.getName(), String.join("\n", ProfileMetric.DenormMae.class.getName(),
                                ProfileMetric.SgnAcc.class.getName(), ProfileMetric.PerBlMae.class.getName())),
                HingeMse.class, ProfileMetric.class, ProfileMetric.DenormMae.class, ProfileMetric.SgnAcc.class,
                ProfileMetric.PerBlMae.class);
        Registries reg = Registries.discover(RecurrentFixturesTest.class.getClassLoader());
        Plugins.load(plugins, reg);
        Model m = new H5Format().load(file, reg);
        assertEquals(2, m.layers().stream().filter(l -> l.registryName().equals("LSTM")).count());
        INDArray all = inputs("multi_input_custom_loss_k224");
        long[][] widths = {{33, 1, 33}, {33, 1, 33}, {8}, {8}, {8}, {8}, {4}, {4}, {4}, {4}};
        List<INDArray> xs = new ArrayList<>();
        long at = 0;
        for (long[] shape : widths) {
            long w = shape.length == 3 ? 33 : shape[0];
            INDArray part = all.get(NDArrayIndex.all(), NDArrayIndex.interval(at, at + w)).dup();
            xs.add(shape.length == 3 ? part.reshape(all.size(0), 1, 33) : part);
            at += w;
        }
        List<INDArray> got = m.predictAll(xs, 32);
        INDArray want = expected("multi_input_custom_loss_k224");
        assertClose(want.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 33)), got.get(0), "target_temp");
        assertClose(want.get(NDArrayIndex.all(), NDArrayIndex.interval(33, 66)), got.get(1), "target_dens");
    }
}
