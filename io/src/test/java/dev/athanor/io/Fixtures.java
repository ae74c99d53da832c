package dev.athanor.io;

import static dev.athanor.core.testing.Requirements.require;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Keras fixture files: the Apache-2.0 ones in the test resources, the others from ../shared when present. */
final class Fixtures {

    static final Path BUNDLED = Path.of("src", "test", "resources", "keras-h5");
    static final Path SHARED = Path.of("..", "..", "shared", "fixtures", "keras-h5");

    private Fixtures() {
    }

    /** The fixture file, or the test is skipped with a message when it is not available. */
    static Path file(String name) {
        for (Path dir : List.of(BUNDLED, SHARED, Path.of("..", "shared", "fixtures", "keras-h5"))) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        require(false, "fixture " + name + " is not available (not bundled for licence reasons; it is read"
                + " from ../shared/fixtures/keras-h5 when that folder exists)");
        return null;
    }

    /** A CSV of numbers (one example per row, '#' comments) as a [rows, cols] float32 matrix. */
    static INDArray csv(Path file) throws IOException {
        List<float[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split(",");
            float[] row = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                row[i] = Float.parseFloat(parts[i].trim());
            }
            rows.add(row);
        }
        return Nd4j.create(rows.toArray(float[][]::new));
    }
}
