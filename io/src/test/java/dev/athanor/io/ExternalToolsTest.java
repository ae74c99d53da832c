package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.athanor.core.testing.Requirements.require;

import dev.athanor.core.Model;
import dev.athanor.core.ModelConfigs;
import dev.athanor.core.Sequential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files we write open in h5dump (Debian hdf5-tools) and in h5py replaying Keras's loader (Debian
 * python3-h5py); files in h5py's own types (vlen strings, float64 [] names, chunked names,
 * top_level_model_weights) load here. Skipped on a developer's machine without the tools; in CI ({@code .ci/run} installs them) a
 * missing tool fails.
 */
class ExternalToolsTest {

    private static final Path H5DUMP = Path.of("/usr/bin/h5dump");
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path dir;

    private static String run(List<String> command, int expectedExit) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(expectedExit, p.exitValue(), command + " printed:\n" + text);
        return text;
    }

    private static void assumeH5py() throws IOException, InterruptedException {
        require(Files.isExecutable(PYTHON), "/usr/bin/python3 is not installed");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import h5py").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        require(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "h5py is not installed (apt-get install"
                + " python3-h5py)");
    }

    private Path savedModel() {
        Sequential m = H5RoundTripTest.model();
        m.compile("adam", "mse");
        m.trainOnBatch(H5RoundTripTest.x(), H5RoundTripTest.y());
        Path p = dir.resolve("m.h5");
        m.save(p);
        String keep = System.getProperty("athanor.io.keep"); // -Dathanor.io.keep=DIR keeps a copy to inspect by hand
        if (keep != null) {
            try {
                Files.copy(p, Path.of(keep, "m.h5"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return p;
    }

    @Test
    void h5dumpReadsOurFiles() throws Exception {
        require(Files.isExecutable(H5DUMP), "/usr/bin/h5dump is not installed (apt-get install hdf5-tools)");
        Path p = savedModel();
        String dump = run(List.of(H5DUMP.toString(), p.toString()), 0);
        assertTrue(dump.contains("kernel:0"), dump);
        Path w = dir.resolve("w.h5");
        H5RoundTripTest.model().saveWeights(w);
        run(List.of(H5DUMP.toString(), w.toString()), 0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void h5pyReplaysTheKerasLoader() throws Exception {
        assumeH5py();
        Path p = savedModel();
        String json = run(List.of(PYTHON.toString(), "src/test/resources/python/keras_replay.py", p.toString()), 0);
        Map<String, Object> out = ModelConfigs.parseJson(json.trim());
        assertEquals("Sequential", out.get("class_name"));
        assertEquals("Adam", out.get("optimizer"));
        assertEquals("2.4.0", out.get("keras_version"));
        Map<String, Object> layers = (Map<String, Object>) out.get("layers");
        assertEquals(List.of("dense", "dropout", "dense_1"), new ArrayList<>(layers.keySet()));
        assertEquals(List.of(), layers.get("dropout"));
        List<Object> kernel = (List<Object>) ((List<Object>) layers.get("dense")).get(0);
        assertEquals(List.of(3, 5), kernel.get(0));
        List<Object> ow = (List<Object>) out.get("optimizer_weights");
        assertEquals(9, ow.size());
        assertEquals(List.of("Adam/iter:0", List.of(), "int64"), ow.get(0));
    }

    @Test
    void readsH5pyWrittenKerasTypes() throws Exception {
        assumeH5py();
        Sequential m = H5RoundTripTest.model();
        Path ours = dir.resolve("ours.h5");
        m.saveWeights(ours);
        Path keras = dir.resolve("keras.h5");
        run(List.of(PYTHON.toString(), "src/test/resources/python/keras_rewrite.py", ours.toString(),
                keras.toString()), 0);
        Model other = H5RoundTripTest.model();
        other.loadWeights(keras);
        assertEquals(m.predict(H5RoundTripTest.x()), other.predict(H5RoundTripTest.x()));
        Model byName = H5RoundTripTest.model();
        assertEquals(List.of("dense", "dense_1"), byName.loadWeights(keras, true).loaded());
    }
}
