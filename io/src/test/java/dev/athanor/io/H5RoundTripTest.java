package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Model;
import dev.athanor.core.graph.ModelConfigs;
import dev.athanor.core.Models;
import dev.athanor.core.SaveOptions;
import dev.athanor.core.Sequential;
import dev.athanor.core.Variable;
import dev.athanor.core.WeightsLoadReport;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Dropout;
import dev.athanor.core.registry.Registries;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class H5RoundTripTest {

    @TempDir
    Path dir;

    static Sequential model() {
        Sequential m = new Sequential();
        m.add(new Dense(5).activation("relu").name("dense").inputShape(3));
        m.add(new Dropout(0.0).name("dropout"));
        m.add(new Dense(2).name("dense_1"));
        return m;
    }

    static INDArray x() {
        return Nd4j.linspace(-1, 1, 24, DataType.FLOAT).reshape(8, 3);
    }

    static INDArray y() {
        return Nd4j.linspace(0, 2, 16, DataType.FLOAT).reshape(8, 2);
    }

    @Test
    void saveLoadResumesTrainingExactly() throws IOException {
        Sequential m = model();
        m.compile("adam", "mse");
        for (int i = 0; i < 3; i++) {
            m.trainOnBatch(x(), y());
        }
        Path p = dir.resolve("m.h5");
        m.save(p);
        Model loaded = Models.load(p);
        assertTrue(loaded.isCompiled());
        assertEquals(m.predict(x()), loaded.predict(x()));
        List<Variable> a = m.optimizer().weights();
        List<Variable> b = loaded.optimizer().weights();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).name(), b.get(i).name());
            assertEquals(a.get(i).value(), b.get(i).value(), a.get(i).name());
        }
        assertEquals(3L, loaded.optimizer().iterations());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(m.trainOnBatch(x(), y()), loaded.trainOnBatch(x(), y()), 0.0);
        }
        List<INDArray> wa = m.getWeights();
        List<INDArray> wb = loaded.getWeights();
        for (int i = 0; i < wa.size(); i++) {
            assertEquals(wa.get(i), wb.get(i));
        }
        assertEquals(m.optimizer().config(), loaded.optimizer().config());
    }

    @Test
    void writesTheKerasLayout() throws IOException {
        Sequential m = model();
        m.compile("adam", "mse");
        m.trainOnBatch(x(), y());
        Path p = dir.resolve("m.h5");
        m.save(p);
        try (HdfFile f = new HdfFile(p)) {
            assertEquals("2.4.0", f.getAttribute("keras_version").getData());
            assertEquals("tensorflow", f.getAttribute("backend").getData());
            assertEquals(H5Format.ATHANOR_VERSION, f.getAttribute("athanor_version").getData());
            assertEquals(1, ((Number) f.getAttribute("athanor_format_version").getData()).intValue());
            assertFalse(f.getAttributes().containsKey("_jHDF"));
            Map<String, Object> mc = ModelConfigs.parseJson((String) f.getAttribute("model_config").getData());
            assertEquals("Sequential", mc.get("class_name"));
            String tcText = (String) f.getAttribute("training_config").getData();
            Map<String, Object> tc = ModelConfigs.parseJson(tcText);
            for (String k : List.of("loss", "metrics", "weighted_metrics", "loss_weights", "sample_weight_mode",
                    "optimizer_config")) {
                assertTrue(tc.containsKey(k), k);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> oc = (Map<String, Object>) tc.get("optimizer_config");
            assertEquals("Adam", oc.get("class_name"));
            assertTrue(tcText.contains("\"decay\":0.0"), tcText);
            assertArrayEquals(new String[] {"dense", "dropout", "dense_1"},
                    (String[]) f.getByPath("model_weights").getAttribute("layer_names").getData());
            assertArrayEquals(new String[] {"dense/kernel:0", "dense/bias:0"},
                    (String[]) f.getByPath("model_weights/dense").getAttribute("weight_names").getData());
            assertEquals("", f.getByPath("model_weights/dropout").getAttribute("weight_names").getData());
            assertArrayEquals(new int[] {3, 5}, f.getDatasetByPath("model_weights/dense/dense/kernel:0").getDimensions());
            assertEquals(Long.valueOf(1), f.getDatasetByPath("optimizer_weights/Adam/iter:0").getData());
            String[] ow = (String[]) f.getByPath("optimizer_weights").getAttribute("weight_names").getData();
            assertEquals("Adam/iter:0", ow[0]);
            assertEquals(9, ow.length);
        }
    }

    @Test
    void withoutOptimizerAndOverwriteFalse() throws IOException {
        Sequential m = model();
        m.compile("adam", "mse");
        m.trainOnBatch(x(), y());
        Path p = dir.resolve("m.hdf5");
        m.save(p, new SaveOptions().includeOptimizer(false));
        try (HdfFile f = new HdfFile(p)) {
            assertFalse(f.getChildren().containsKey("optimizer_weights"));
        }
        Model loaded = Models.load(p);
        assertEquals(m.predict(x()), loaded.predict(x()));
        assertEquals(0L, loaded.optimizer().iterations());
        byte[] before = Files.readAllBytes(p);
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> new H5Format().save(m, p, new SaveOptions().overwrite(false)));
        assertTrue(e.getMessage().contains("overwrite"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(p));
    }

    @Test
    void uncompiledModelHasNoTrainingConfig() throws IOException {
        Sequential m = model();
        Path p = dir.resolve("m.h5");
        m.save(p);
        Model loaded = Models.load(p);
        assertFalse(loaded.isCompiled());
        assertEquals(m.predict(x()), loaded.predict(x()));
    }

    @Test
    void weightsOnlyTopologicalAndByName() throws IOException {
        Sequential m = model();
        Path p = dir.resolve("w.h5");
        m.saveWeights(p);
        try (HdfFile f = new HdfFile(p)) {
            assertNotNull(f.getAttribute("layer_names"));
            assertFalse(f.getAttributes().containsKey("model_config"));
        }
        Sequential other = model();
        WeightsLoadReport r = other.loadWeights(p);
        assertEquals(List.of("dense", "dense_1"), r.loaded());
        assertEquals(m.predict(x()), other.predict(x()));

        // by name: a model whose second layer is renamed and whose first has another shape
        Sequential renamed = new Sequential();
        renamed.add(new Dense(5).activation("relu").name("dense").inputShape(3));
        renamed.add(new Dense(2).name("other"));
        WeightsLoadReport byName = renamed.loadWeights(p, true);
        assertEquals(List.of("dense"), byName.loaded());
        assertEquals(List.of("other"), byName.missing());
        assertEquals(List.of("dense_1"), byName.unexpected());

        Sequential wrongShape = new Sequential();
        wrongShape.add(new Dense(4).name("dense").inputShape(3));
        wrongShape.add(new Dense(2).name("dense_1"));
        Exception e = assertThrows(RuntimeException.class, () -> wrongShape.loadWeights(p, true));
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
        List<INDArray> untouched = wrongShape.getWeights();
        WeightsLoadReport skipped = wrongShape.loadWeights(p, true, true);
        assertEquals(List.of(), skipped.loaded());
        assertEquals(3, skipped.shapeMismatches().size(), skipped.toString()); // dense kernel+bias, dense_1 kernel
        assertEquals(untouched, wrongShape.getWeights());
        assertThrows(RuntimeException.class, () -> wrongShape.loadWeights(p));
    }

    @Test
    void weightsLoadFromAFullModelFile() throws IOException {
        Sequential m = model();
        Path p = dir.resolve("m.h5");
        m.save(p);
        Sequential other = model();
        other.loadWeights(p);
        assertEquals(m.predict(x()), other.predict(x()));
    }

    @Test
    void tooLargeModelConfigIsRefused() {
        Sequential m = new Sequential();
        m.add(new Dense(1).name("d".repeat(60_000)).inputShape(2));
        Path p = dir.resolve("big.h5");
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> new H5Format().save(m, p, new SaveOptions()));
        assertTrue(e.getMessage().contains("model_config"), e.getMessage());
        assertFalse(Files.exists(p));
    }

    @Test
    void newerFormatVersionIsRefused() throws IOException {
        Path p = dir.resolve("new.h5");
        new H5Format(f -> {
            f.removeAttribute("athanor_format_version");
            f.putAttribute("athanor_format_version", Integer.valueOf(H5Format.FORMAT_VERSION + 1));
        }).save(model(), p, new SaveOptions());
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> new H5Format().load(p, Registries.defaults()));
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }

    @Test
    void failedWriteLeavesThePreviousFileIntact() throws IOException {
        Sequential m = model();
        Path p = dir.resolve("m.h5");
        m.save(p);
        byte[] before = Files.readAllBytes(p);
        Sequential changed = model();
        IOException e = assertThrows(IOException.class, () -> new H5Format(f -> {
            throw new IOException("injected failure");
        }).save(changed, p, new SaveOptions()));
        assertTrue(e.getMessage().contains("injected"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(p));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList(), "no temporary file left behind");
        }
        assertEquals(m.predict(x()), Models.load(p).predict(x()));
    }

    @Test
    void missingFileAndGarbageAreModelFileExceptions() throws IOException {
        H5Format h5 = new H5Format();
        Path missing = dir.resolve("none.h5");
        ModelFileException e = assertThrows(ModelFileException.class, () -> h5.load(missing, Registries.defaults()));
        assertTrue(e.getMessage().contains("none.h5"));
        Path garbage = dir.resolve("g.h5");
        Files.writeString(garbage, "not hdf5 at all");
        assertThrows(ModelFileException.class, () -> h5.load(garbage, Registries.defaults()));
        assertThrows(ModelFileException.class, () -> h5.loadWeights(model(), garbage, false, false));
    }
}
