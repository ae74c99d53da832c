package dev.athanor.cli;

import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.PlotOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code athanor plot-model MODEL --out model.png}: {@code keras.utils.plot_model} from the command line. */
@Command(name = "plot-model", mixinStandardHelpOptions = true,
        description = {"Draw a model file's layer graph as keras.utils.plot_model does: .png, .svg, .pdf or .jpg"
                + " rendered by Graphviz's dot (Debian/Ubuntu: apt-get install graphviz), or .dot text without it.", ""})
final class PlotModelCommand implements Callable<Integer> {

    @ParentCommand
    private AthanorCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model file (.h5, .keras).")
    private Path file;

    @Option(names = "--out", paramLabel = "FILE", description = "Image to write (default: model.png beside MODEL);"
            + " the extension picks the format.")
    private Path out;

    @Option(names = "--show-shapes", description = "Show each layer's input and output shapes.")
    private boolean showShapes;

    @Option(names = "--show-dtype", description = "Show each layer's dtype.")
    private boolean showDtype;

    @Option(names = "--show-layer-names", description = "Show layer names as well as their classes.")
    private boolean showLayerNames;

    @Option(names = "--show-layer-activations", description = "Show the activation of layers that have one.")
    private boolean showLayerActivations;

    @Option(names = "--show-trainable", description = "Mark whether each layer is trainable.")
    private boolean showTrainable;

    @Option(names = "--rankdir", paramLabel = "TB|LR", defaultValue = "TB",
            description = "TB draws top to bottom, LR left to right (default: ${DEFAULT-VALUE}).")
    private String rankdir;

    @Option(names = "--dpi", paramLabel = "N", defaultValue = "200", description = "Dots per inch of raster"
            + " images (default: ${DEFAULT-VALUE}, as Keras).")
    private int dpi;

    @Mixin
    private PluginOption plugins;

    @Override
    public Integer call() {
        Inputs.requireFile(spec, file, "MODEL");
        plugins.load();
        Model model = ModelFiles.load(spec, file);
        Path target = out != null ? out : file.toAbsolutePath().resolveSibling("model.png");
        PlotOptions options = new PlotOptions().showShapes(showShapes).showDtype(showDtype)
                .showLayerNames(showLayerNames).showLayerActivations(showLayerActivations)
                .showTrainable(showTrainable).rankdir(rankdir).dpi(dpi);
        Models.plot(model, target, options);
        root.out().println("Wrote " + target);
        return 0;
    }
}
