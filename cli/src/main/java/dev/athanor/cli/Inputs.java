package dev.athanor.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks on the files a command is given: a missing input is a usage error (exit code 2). */
final class Inputs {

    private Inputs() {
    }

    static void requireFile(CommandSpec spec, Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), what + ": no such file: " + file
                    + (Files.isDirectory(file) ? " (it is a folder)" : ""));
        }
    }

    static void requireFolder(CommandSpec spec, Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), what + ": no such folder: " + dir);
        }
    }
}
