package dev.athanor.cli;

import dev.athanor.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads one array from a file named on the command line or in a config: {@code .npy},
 * {@code .npz} ({@code data.npz:key}, or the only array in it), or a numeric {@code .csv}.
 */
final class ArrayFiles {

    private ArrayFiles() {
    }

    /** The array at {@code spec} (a path, optionally {@code :key} for .npz), paths relative to {@code base}. */
    static INDArray read(String spec, Path base) throws IOException {
        String key = null;
        String path = spec;
        int colon = spec.lastIndexOf(':');
        if (colon > 0 && spec.substring(0, colon).toLowerCase(Locale.ROOT).endsWith(".npz")) {
            path = spec.substring(0, colon);
            key = spec.substring(colon + 1);
        }
        Path file = resolve(base, path);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("No such data file: " + file);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return Npy.read(file);
        }
        if (name.endsWith(".npz")) {
            return fromNpz(file, key);
        }
        if (name.endsWith(".csv")) {
            return CsvTable.read(file).features(-1);
        }
        throw new IllegalArgumentException("Cannot read " + file + ": use a .npy, .npz (file.npz:key) or .csv file.");
    }

    /** The array {@code key} of an .npz file (the only one when key is null). */
    static INDArray fromNpz(Path file, String key) throws IOException {
        Map<String, INDArray> arrays = Npy.readNpz(file);
        if (key == null) {
            if (arrays.size() == 1) {
                return arrays.values().iterator().next();
            }
            throw new IllegalArgumentException(file + " holds the arrays " + arrays.keySet()
                    + ": name one, e.g. " + file.getFileName() + ":" + arrays.keySet().iterator().next());
        }
        String k = key.endsWith(".npy") ? key.substring(0, key.length() - 4) : key;
        INDArray a = arrays.get(k);
        if (a == null) {
            throw new IllegalArgumentException(file + " has no array '" + key + "'. It holds " + arrays.keySet() + ".");
        }
        return a;
    }

    static Path resolve(Path base, String path) {
        Path p = Path.of(path);
        return p.isAbsolute() || base == null ? p : base.resolve(p);
    }
}
