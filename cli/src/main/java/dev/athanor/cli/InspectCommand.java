package dev.athanor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.registry.ComponentRegistry;
import dev.athanor.core.registry.Registries;
import dev.athanor.core.registry.UnknownComponentException;
import dev.athanor.io.KerasFileInfo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code athanor inspect MODEL.h5} (or {@code MODEL.keras}): versions, summary, training config, optimizer
 * state, and for every component the file names whether it is installed and where it comes from.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Describe a Keras model file (.h5 or Keras 3's .keras): keras_version, model summary,"
                + " training config, optimizer state, and each component it needs (installed or not, and which jar or artifact provides it).", ""},
        footer = {"", "Exit code 1 when a component the file needs is not installed."})
final class InspectCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @ParentCommand
    private AthanorCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.h5", description = "A model (or weights) file.")
    private Path file;

    @Mixin
    private PluginOption plugins;

    @Override
    public Integer call() throws Exception {
        Inputs.requireFile(spec, file, "MODEL.h5");
        plugins.load();
        PrintStream o = root.out();
        Map<String, Object> modelConfig;
        Map<String, Object> trainingConfig;
        o.println("File:           " + file);
        if (file.getFileName().toString().endsWith(".keras")) {
            KerasFileInfo k = KerasFileInfo.read(file);
            modelConfig = k.modelConfig();
            trainingConfig = k.trainingConfig();
            o.println("keras_version:  " + orNone(k.kerasVersion()) + "   format: .keras (Keras 3)"
                    + (k.dateSaved() != null ? "   saved " + k.dateSaved() : "")
                    + (k.athanorVersion() != null ? "   written by Athanor " + k.athanorVersion() : ""));
            o.println("Layers with weights stored: " + k.layerGroups().size() + " " + k.layerGroups());
            o.println("Optimizer state: " + (k.optimizerVariables() > 0 ? "present (" + k.optimizerVariables()
                    + " variables), training resumes where it stopped" : "absent"));
        } else {
            H5Summary h5 = H5Summary.read(file);
            modelConfig = h5.modelConfig();
            trainingConfig = h5.trainingConfig();
            o.println("keras_version:  " + orNone(h5.kerasVersion()) + "   backend: " + orNone(h5.backend())
                    + (h5.athanorVersion() != null ? "   written by Athanor " + h5.athanorVersion() : ""));
            o.println("Layers with weights stored: " + h5.layerNames().size() + " " + h5.layerNames());
            o.println("Optimizer state: " + (h5.optimizerWeights() > 0 ? "present (" + h5.optimizerWeights()
                    + " arrays), training resumes where it stopped" : "absent"));
            if (!h5.callbackStates().isEmpty()) {
                o.println("Callback state:  " + h5.callbackStates());
            }
        }
        o.println();
        o.println("Training config: " + (trainingConfig == null ? "none (saved without compile)"
                : JSON.writeValueAsString(trainingConfig)));
        o.println();

        List<RequiredComponents.Need> needs = RequiredComponents.of(modelConfig, trainingConfig);
        Registries registries = Registries.defaults();
        int missing = 0;
        o.println("Components the file needs:");
        for (RequiredComponents.Need n : needs) {
            String status = status(n, registries);
            if (status.startsWith("MISSING")) {
                missing++;
            }
            o.printf("  %-12s %-28s %s%n", n.kind(), n.name(), status);
        }
        o.println();
        if (modelConfig == null) {
            o.println("No model_config: a weights-only file. Build the model and call loadWeights.");
        } else if (missing == 0) {
            Model model = Models.load(file);
            o.print(model.summaryText());
        } else {
            o.println("Summary unavailable: " + missing + " component(s) missing. Install the artifacts named above,"
                    + " or load the plugin jars with --plugins DIR.");
        }
        return missing == 0 ? 0 : 1;
    }

    private static String orNone(String s) {
        return s == null ? "(none)" : s;
    }

    private static String status(RequiredComponents.Need n, Registries r) {
        if (n.kind().equals("layer") && n.name().equals("Lambda") && !r.layers().contains("Lambda")) {
            return "MISSING - Keras's Lambda layer holds Python bytecode, which Athanor never runs (a file cannot"
                    + " carry code): rebuild the model with a registered layer in place of the Lambda.";
        }
        ComponentRegistry<?> registry = switch (n.kind()) {
            case "layer" -> r.layers();
            case "initializer" -> r.initializers();
            case "regularizer" -> r.regularizers();
            case "constraint" -> r.constraints();
            case "loss" -> r.losses();
            case "optimizer" -> r.optimizers();
            default -> r.metrics().contains(n.name()) || !r.losses().contains(n.name()) ? r.metrics() : r.losses();
        };
        try {
            String canonical = registry.canonicalName(n.name());
            return "installed" + (canonical.equals(n.name()) ? "" : " as '" + canonical + "'") + " (" + source(registry,
                    n.name()) + ")";
        } catch (UnknownComponentException e) {
            String msg = e.getMessage();
            int known = msg.indexOf(" Known:");
            return "MISSING - " + (known > 0 ? msg.substring(0, known) : msg);
        }
    }

    /** The component's class and the jar (or folder) it comes from. */
    private static String source(ComponentRegistry<?> registry, String name) {
        Class<?> cls = registry.typeOf(name);
        CodeSource cs = cls.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            return cls.getName();
        }
        String loc = cs.getLocation().toString();
        return cls.getName() + " from " + loc.substring(loc.lastIndexOf('/', loc.length() - 2) + 1);
    }
}
