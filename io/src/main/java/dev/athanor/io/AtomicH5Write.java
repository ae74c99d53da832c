package dev.athanor.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import dev.athanor.core.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an HDF5 file atomically through {@link AtomicFiles}: jhdf writes the exclusive temporary file
 * beside the target, which then replaces the target in one rename. On any failure the temporary file
 * is deleted and the target is left as it was (jhdf itself would leave a partial file).
 */
final class AtomicH5Write {

    /** The content of the file, written into jhdf's in-memory tree. */
    @FunctionalInterface
    interface Body {
        void write(WritableHdfFile file) throws IOException;
    }

    private AtomicH5Write() {
    }

    static void write(Path target, boolean overwrite, Body body) throws IOException {
        try {
            AtomicFiles.write(target, overwrite, tmp -> {
                try (WritableHdfFile f = HdfFile.write(tmp)) {
                    f.removeAttribute("_jHDF");
                    body.write(f);
                }
            });
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            String prefix = target + ": ";
            throw new ModelFileException(target, m.startsWith(prefix) ? m.substring(prefix.length()) : "cannot write: " + m, e);
        }
    }

    /**
     * The bytes of an HDF5 file built by {@code body}. jhdf writes only to files, so this uses a
     * private temporary file (owner-only permissions where the file system has them), deleted
     * before returning.
     */
    static byte[] toBytes(Body body) throws IOException {
        Path tmp = Files.createTempFile("athanor-", ".h5");
        try {
            Files.delete(tmp); // jhdf creates the file itself
            try (WritableHdfFile f = HdfFile.write(tmp)) {
                f.removeAttribute("_jHDF");
                body.write(f);
            }
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes {@code bytes} to {@code target} atomically through {@link AtomicFiles}. */
    static void writeBytes(Path target, boolean overwrite, byte[] bytes) throws IOException {
        try {
            AtomicFiles.write(target, overwrite, tmp -> Files.write(tmp, bytes));
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            String prefix = target + ": ";
            throw new ModelFileException(target, m.startsWith(prefix) ? m.substring(prefix.length()) : "cannot write: " + m, e);
        }
    }
}
