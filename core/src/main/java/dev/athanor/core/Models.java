package dev.athanor.core;

import dev.athanor.core.graph.ModelConfigs;

import dev.athanor.core.registry.Registries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Loading models: whole files by extension, and architectures from JSON or YAML. */
public final class Models {

    private Models() {
    }

    /** Loads a saved model (compiled when the file has a training config), e.g. {@code .h5}. */
    public static Model load(Path path) {
        return load(path, Registries.defaults());
    }

    /** Loads with explicit registries (e.g. ones that include a plugin folder). */
    public static Model load(Path path, Registries registries) {
        try {
            return Formats.forPath(path, registries).load(path, registries);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load model from " + path + ": " + e.getMessage(), e);
        }
    }

    /** A model (uncompiled, fresh weights) from Keras's model JSON. */
    public static Model fromJson(String json) {
        return fromJson(json, Registries.defaults());
    }

    /** From JSON with explicit registries. */
    public static Model fromJson(String json, Registries registries) {
        return ModelConfigs.fromConfig(ModelConfigs.parseJson(json), registries);
    }

    /** A model from YAML. */
    public static Model fromYaml(String yaml) {
        return fromYaml(yaml, Registries.defaults());
    }

    /** From YAML with explicit registries. */
    public static Model fromYaml(String yaml, Registries registries) {
        return ModelConfigs.fromConfig(ModelConfigs.parseYaml(yaml), registries);
    }
}
