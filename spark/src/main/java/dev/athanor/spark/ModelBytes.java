package dev.athanor.spark;

import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.registry.Registries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A whole model (Keras model config, fp32 weights, compile settings, optimizer state) as the bytes
 * of a Keras {@code .h5} file: io's format, so what Spark ships is what {@code model.save} writes,
 * never Java-serialised ND4J arrays (whose off-heap memory Spark cannot account for).
 */
final class ModelBytes {

    private ModelBytes() {
    }

    static byte[] of(Model model) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("athanor-spark-", ".h5");
            Files.delete(tmp); // the writer creates it atomically
            model.save(tmp);
            return Files.readAllBytes(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialise model '" + model.name() + "' as .h5: " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    static Model load(byte[] h5) {
        return load(h5, Registries.defaults());
    }

    static Model load(byte[] h5, Registries registries) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("athanor-spark-", ".h5");
            Files.write(tmp, h5);
            return Models.load(tmp, registries);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write a temporary model file: " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
