package dev.athanor.core;

import dev.athanor.core.registry.Registries;
import java.nio.file.Path;
import java.util.Locale;

/** Picks the registered {@link ModelFormat} for a file by its extension. */
final class Formats {

    private Formats() {
    }

    static ModelFormat forPath(Path path, Registries registries) {
        String file = path.getFileName().toString();
        int dot = file.lastIndexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("Cannot tell the format of '" + file
                    + "': it has no extension. Use e.g. '.h5' for Keras's HDF5 format.");
        }
        return registries.formats().create(file.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
