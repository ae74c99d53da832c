package dev.athanor.cli;

import dev.athanor.core.registry.Plugins;
import dev.athanor.core.registry.Registries;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --plugins DIR}: plugin jars to load (core's Plugins.load) before anything is resolved by name. */
final class PluginOption {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Load every plugin jar in DIR (components listed in META-INF/services) before running.")
    private Path dir;

    /** Loads the plugins, if a folder was given, into the default registries. */
    void load() {
        load(dir);
    }

    /** Loads {@code folder} (null: nothing) into the default registries; a missing folder is a usage error. */
    void load(Path folder) {
        if (folder == null) {
            return;
        }
        if (!Files.isDirectory(folder)) {
            throw new ParameterException(spec.commandLine(), "--plugins: no such folder: " + folder);
        }
        Plugins.load(folder, Registries.defaults());
    }

    /** The jar files a plugin folder holds, sorted, for the line printed before they load. */
    static java.util.List<String> jarNames(Path folder) {
        if (!Files.isDirectory(folder)) {
            return java.util.List.of();
        }
        try (java.util.stream.Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        } catch (java.io.IOException e) {
            return java.util.List.of();
        }
    }

    Path dir() {
        return dir;
    }
}
