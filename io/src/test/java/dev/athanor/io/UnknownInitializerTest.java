package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.layers.Conv2D;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.registry.Registries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * conv2d_1layer_tfk211 names {@code "kernel_initializer": "random_kernel"}, a Python function: a whole-model
 * file loads (its weights replace every initial value) and keeps the name; an architecture-only file
 * cannot be built from it and says so.
 */
class UnknownInitializerTest {

    private static void assertKerasPredictions(Model m) throws IOException {
        INDArray x = Fixtures.csv(Fixtures.file("io/conv2d_1layer_tfk211.inputs.csv")).reshape(2, 5, 5, 1);
        INDArray want = Fixtures.csv(Fixtures.file("io/conv2d_1layer_tfk211.expected.csv")).castTo(DataType.DOUBLE);
        INDArray got = m.predict(x).castTo(DataType.DOUBLE).reshape(2, 9);
        double maxDiff = got.sub(want).amaxNumber().doubleValue();
        assertTrue(maxDiff <= 1e-5, "max |difference| " + maxDiff);
    }

    @Test
    void wholeModelFileLoadsAndKeepsTheName(@TempDir Path dir) throws IOException {
        Model m = new H5Format().load(Fixtures.file("conv2d_1layer_tfk211.h5"), Registries.defaults());
        assertKerasPredictions(m);
        Layer conv = m.layers().stream().filter(l -> l instanceof Conv2D).findFirst().orElseThrow();
        assertEquals(Map.of("class_name", "random_kernel", "config", Map.of()), conv.config().get("kernel_initializer"));
        // saved again and reloaded the same way
        Path again = dir.resolve("again.h5");
        m.save(again);
        assertKerasPredictions(Models.load(again));
    }

    @Test
    void architectureOnlyNeedsTheInitializer() throws IOException {
        String json = Files.readString(Fixtures.file("conv2d_1layer_tfk211_config.json"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.fromJson(json));
        assertTrue(e.getMessage().contains("Unknown initializer 'random_kernel'"), e.getMessage());
    }
}
