package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.athanor.core.testing.Requirements.require;

import dev.athanor.core.Input;
import dev.athanor.core.Model;
import dev.athanor.core.ModelFormat;
import dev.athanor.core.Models;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Concatenate;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.registry.Registries;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class H5EdgeCasesTest {

    @TempDir
    Path dir;

    @Test
    void registeredForH5AndHdf5() {
        Registries r = Registries.defaults();
        assertInstanceOf(H5Format.class, r.formats().create("h5"));
        ModelFormat f = r.formats().create("hdf5");
        assertInstanceOf(H5Format.class, f);
        assertEquals(List.of("h5", "hdf5"), f.extensions());
    }

    @Test
    void functionalModelRoundTrip() throws IOException {
        Tensor a = Input.named("a", 3);
        Tensor b = Input.named("b", 2);
        Tensor h = new Dense(4).activation("tanh").name("da").apply(a);
        Tensor c = new Concatenate().name("cat").apply(h, b);
        Tensor out = new Dense(1).name("out").apply(c);
        Model m = new Model(List.of(a, b), List.of(out), "fn");
        m.compile("sgd", "mse");
        List<org.nd4j.linalg.api.ndarray.INDArray> xs = List.of(Nd4j.rand(DataType.FLOAT, 4, 3),
                Nd4j.rand(DataType.FLOAT, 4, 2));
        m.trainOnBatch(xs, List.of(Nd4j.rand(DataType.FLOAT, 4, 1)));
        Path p = dir.resolve("fn.h5");
        m.save(p);
        try (HdfFile f = new HdfFile(p)) {
            String[] names = (String[]) f.getByPath("model_weights").getAttribute("layer_names").getData();
            assertTrue(List.of(names).contains("a"), List.of(names).toString()); // InputLayers get groups
            assertEquals("", f.getByPath("model_weights/a").getAttribute("weight_names").getData());
        }
        Model loaded = Models.load(p);
        assertEquals("Functional", loaded.className());
        assertEquals(m.predictAll(xs, 32).get(0), loaded.predictAll(xs, 32).get(0));
        assertEquals(m.optimizer().iterations(), loaded.optimizer().iterations());
    }

    @Test
    void longNameListsAreChunkedAndReadBack() throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            names.add("layer_with_a_rather_long_name_" + i);
        }
        Path p = dir.resolve("names.h5");
        try (WritableHdfFile f = HdfFile.write(p)) {
            H5Names.putNames(f, "layer_names", names);
            H5Names.putNames(f, "empty", List.of());
        }
        try (HdfFile f = new HdfFile(p)) {
            assertTrue(f.getAttributes().containsKey("layer_names0"));
            assertTrue(f.getAttributes().containsKey("layer_names1"));
            assertTrue(!f.getAttributes().containsKey("layer_names"));
            H5Reading r = new H5Reading(p);
            assertEquals(names, r.names(f, "layer_names"));
            assertEquals(List.of(), r.names(f, "empty"));
            assertEquals(null, r.names(f, "absent"));
        }
        if (Files.isExecutable(Path.of("/usr/bin/h5dump"))) {
            Process proc = new ProcessBuilder("/usr/bin/h5dump", "-H", p.toString()).redirectErrorStream(true).start();
            proc.getInputStream().readAllBytes();
            assertEquals(0, waitFor(proc));
        }
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Test
    void callbackStatesSurvive() throws IOException {
        var m = H5RoundTripTest.model();
        m.compile("adam", "mse");
        m.callbackStates().put("early_stopping", Map.of("wait", 2, "best", 0.5));
        Path p = dir.resolve("cb.h5");
        m.save(p);
        Model loaded = Models.load(p);
        assertEquals(2, ((Number) loaded.callbackStates().get("early_stopping").get("wait")).intValue());
    }

    /** Writes a small hand-made file and expects loading it to fail with a message containing {@code words}. */
    private void assertRefused(Consumer<WritableHdfFile> content, boolean weightsOnly, String... words) throws IOException {
        Path p = dir.resolve("bad" + System.nanoTime() + ".h5");
        try (WritableHdfFile f = HdfFile.write(p)) {
            content.accept(f);
        }
        H5Format h5 = new H5Format();
        ModelFileException e = assertThrows(ModelFileException.class, () -> {
            if (weightsOnly) {
                h5.loadWeights(H5RoundTripTest.model(), p, false, false);
            } else {
                h5.load(p, Registries.defaults());
            }
        });
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' not in: " + e.getMessage());
        }
    }

    private static String config() {
        return H5RoundTripTest.model().toJson();
    }

    @Test
    void wrongTypesAndMissingPartsAreNamed() throws IOException {
        assertRefused(f -> f.putAttribute("keras_version", "2.4.0"), false, "model_config");
        assertRefused(f -> f.putAttribute("model_config", 42), false, "model_config", "string");
        assertRefused(f -> f.putAttribute("model_config", "{not json"), false, "JSON");
        assertRefused(f -> f.putAttribute("model_config", "{\"class_name\": \"Sequential\", \"config\": {\"layers\":"
                + " [{\"class_name\": \"java.lang.Runtime\", \"config\": {}}]}}"), false, "java.lang.Runtime");
        assertRefused(f -> f.putAttribute("model_config", config()), false, "model_weights");
        assertRefused(f -> {
            f.putAttribute("model_config", config());
            f.putGroup("model_weights");
        }, false, "layer_names");
        assertRefused(f -> {
            f.putAttribute("model_config", config());
            f.putGroup("model_weights").putAttribute("layer_names", new String[] {"dense", "dense_1"});
        }, false, "dense", "no group");
        assertRefused(f -> {
            f.putAttribute("model_config", config());
            WritableGroup mw = f.putGroup("model_weights");
            mw.putAttribute("layer_names", new String[] {"dense"});
            mw.putGroup("dense").putAttribute("weight_names", new String[] {"dense/kernel:0"});
        }, false, "dense/kernel:0", "no dataset");
        assertRefused(f -> {
            f.putAttribute("layer_names", new int[] {1, 2});
        }, true, "layer_names", "list of strings");
        assertRefused(f -> {
            f.putAttribute("layer_names", new String[] {"dense"});
            WritableGroup g = f.putGroup("dense");
            g.putAttribute("weight_names", new String[] {"k:0"});
            g.putDataset("k:0", new float[] {1, 2});
        }, true, "1 layers with weights", "2");
        assertRefused(f -> {
            f.putAttribute("athanor_format_version", "x");
            f.putAttribute("layer_names", new String[] {"dense"});
        }, true, "athanor_format_version");
    }

    @Test
    void sharedIrisFixtureReadsOptimizerConfigWithLr() throws IOException {
        Path p = Path.of("..", "..", "shared", "fixtures", "keras-h5", "iris_mlp_seq_adam_k214.h5");
        require(Files.isRegularFile(p), "shared fixture folder absent");
        Model m = Models.load(p);
        assertEquals(0.001, m.optimizer().learningRate(), 1e-9); // Keras 2.1 wrote 'lr'
        // Keras 2.1 Adam state is [iterations] + ms + vs + vhats(1,): restored without the placeholders
        assertTrue(m.optimizer().iterations() > 0, "iterations " + m.optimizer().iterations());
    }
}
