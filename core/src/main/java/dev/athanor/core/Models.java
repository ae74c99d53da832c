package dev.athanor.core;

import dev.athanor.core.graph.ModelConfigs;

import dev.athanor.core.registry.Registries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Loading models: whole files by extension, and architectures from JSON or YAML; plotting them. */
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

    /**
     * Keras's {@code plot_model(model, to_file)} with its defaults: the layer graph as an image
     * ({@code .png}, {@code .svg}, {@code .pdf}, {@code .jpg}, rendered by Graphviz's {@code dot}, which
     * must be installed) or as DOT text ({@code .dot}, no Graphviz needed).
     *
     * @throws UncheckedIOException when Graphviz is missing (the message says how to install it) or fails
     */
    public static void plot(Model model, Path path) {
        plot(model, path, new PlotOptions());
    }

    /** {@code plot_model(model, to_file, show_shapes=showShapes, show_layer_names=showLayerNames)}. */
    public static void plot(Model model, Path path, boolean showShapes, boolean showLayerNames) {
        plot(model, path, new PlotOptions().showShapes(showShapes).showLayerNames(showLayerNames));
    }

    /** {@code plot_model} with all its options. */
    public static void plot(Model model, Path path, PlotOptions options) {
        String dot = toDot(model, options);
        try {
            new dev.athanor.core.plot.Graphviz().write(dot, path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot plot model '" + model.name() + "' to " + path + ": " + e.getMessage(), e);
        }
    }

    /** Keras's {@code model_to_dot(model, ...)}: the DOT text {@link #plot} renders. */
    public static String toDot(Model model, PlotOptions options) {
        return dev.athanor.core.plot.ModelDot.of(model, options);
    }
}
