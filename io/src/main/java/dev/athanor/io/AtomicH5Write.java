package dev.athanor.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes an HDF5 file atomically: jhdf writes a temporary file beside the target, which then
 * replaces the target in one rename. On any failure the temporary file is deleted and the target
 * is left as it was (jhdf itself would leave a partial file, and does not truncate existing ones).
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
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ModelFileException(target, "cannot write: the folder " + dir + " does not exist");
        }
        if (!overwrite && Files.exists(abs)) {
            throw new ModelFileException(target, "the file exists and overwrite is false; not replacing it");
        }
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        Files.delete(tmp); // jhdf creates the file itself
        boolean done = false;
        try {
            try (WritableHdfFile f = HdfFile.write(tmp)) {
                f.removeAttribute("_jHDF");
                body.write(f);
            }
            if (!overwrite && Files.exists(abs)) {
                throw new ModelFileException(target, "the file appeared while writing and overwrite is false;"
                        + " not replacing it");
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFileException(target, "cannot write: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ModelFileException(target, "cannot write: " + e.getMessage(), e);
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the target is untouched either way
                }
            }
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

    /** Writes {@code bytes} to {@code target} atomically (a temporary file beside it, then a rename). */
    static void writeBytes(Path target, boolean overwrite, byte[] bytes) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ModelFileException(target, "cannot write: the folder " + dir + " does not exist");
        }
        if (!overwrite && Files.exists(abs)) {
            throw new ModelFileException(target, "the file exists and overwrite is false; not replacing it");
        }
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } catch (IOException e) {
            throw new ModelFileException(target, "cannot write: " + e.getMessage(), e);
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
