package dev.athanor.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model, weights or array file that cannot be read or written: corrupt, truncated, of the wrong
 * layout, from a newer format version, or naming components Athanor does not have. The message
 * always names the file and what is wrong.
 */
public class ModelFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** A problem with {@code file}, described by {@code problem}. */
    public ModelFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** A problem with {@code file} caused by {@code cause}. */
    public ModelFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file concerned. */
    public Path file() {
        return file;
    }
}
