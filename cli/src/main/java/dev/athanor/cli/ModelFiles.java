package dev.athanor.cli;

import dev.athanor.core.Model;
import dev.athanor.core.Models;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** Loads the model file a command is given (a missing file is a usage error, a bad one a failure). */
final class ModelFiles {

    private ModelFiles() {
    }

    static Model load(CommandSpec spec, Path file) {
        Inputs.requireFile(spec, file, "MODEL");
        return Models.load(file);
    }
}
