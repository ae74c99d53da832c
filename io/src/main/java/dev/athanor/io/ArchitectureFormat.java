package dev.athanor.io;

import dev.athanor.core.Model;
import dev.athanor.core.ModelFormat;
import dev.athanor.core.Models;
import dev.athanor.core.SaveOptions;
import dev.athanor.core.WeightsLoadReport;
import dev.athanor.core.registry.Registries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model architecture alone, as Keras's {@code model.to_json()} / {@code to_yaml()} write it
 * ({@code .json}, {@code .yaml}/{@code .yml}). {@code Models.load} builds the model with fresh
 * weights, uncompiled (Keras's {@code model_from_json}). Saving to these extensions is refused,
 * because it would silently drop the weights: write {@code model.toJson()} yourself, or save a
 * {@code .keras}/{@code .h5} file.
 */
public abstract class ArchitectureFormat implements ModelFormat {

    /** The JSON form ({@code .json}), registered as {@code json}. */
    public static final class Json extends ArchitectureFormat {
        @Override
        public String registryName() {
            return "json";
        }

        @Override
        public List<String> extensions() {
            return List.of("json");
        }

        @Override
        Model parse(String text, Registries registries) {
            return Models.fromJson(text, registries);
        }
    }

    /** The YAML form ({@code .yaml}, {@code .yml}), registered as {@code yaml} with alias {@code yml}. */
    public static final class Yaml extends ArchitectureFormat {
        @Override
        public String registryName() {
            return "yaml";
        }

        @Override
        public List<String> aliases() {
            return List.of("yml");
        }

        @Override
        public List<String> extensions() {
            return List.of("yaml", "yml");
        }

        @Override
        Model parse(String text, Registries registries) {
            return Models.fromYaml(text, registries);
        }
    }

    /** Architecture files larger than this are refused (a real one is a few hundred kilobytes). */
    static final long SIZE_LIMIT = 64L << 20;

    abstract Model parse(String text, Registries registries);

    @Override
    public Model load(Path path, Registries registries) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new ModelFileException(path, Files.exists(path) ? "is not a regular file" : "does not exist");
        }
        if (Files.size(path) > SIZE_LIMIT) {
            throw new ModelFileException(path, "is " + Files.size(path) + " bytes, over the " + SIZE_LIMIT
                    + "-byte limit for a model architecture file");
        }
        String text = Files.readString(path, StandardCharsets.UTF_8);
        try {
            return parse(text, registries);
        } catch (RuntimeException e) {
            throw new ModelFileException(path, "cannot build the model from the architecture: " + e.getMessage(), e);
        }
    }

    @Override
    public void save(Model model, Path path, SaveOptions options) throws IOException {
        throw new ModelFileException(path, "a ." + extensions().get(0) + " file holds only the architecture, so"
                + " saving the model there would lose its weights. Save as .keras or .h5, or write model.to"
                + (this instanceof Json ? "Json" : "Yaml") + "() to the file yourself.");
    }

    @Override
    public void saveWeights(Model model, Path path) throws IOException {
        throw new ModelFileException(path, "a ." + extensions().get(0) + " file cannot hold weights; save them as"
                + " .weights.h5 or .h5");
    }

    @Override
    public WeightsLoadReport loadWeights(Model model, Path path, boolean byName, boolean skipMismatch)
            throws IOException {
        throw new ModelFileException(path, "a ." + extensions().get(0) + " file holds no weights (it is a model"
                + " architecture)");
    }
}
