package dev.athanor.cli;

import dev.athanor.core.Model;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code athanor evaluate MODEL.h5 --x X --y Y}: the loss and metrics the model was compiled with. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a saved model (.h5 with its training config) on data: prints the loss and metrics.", ""},
        footer = {"", "Example: athanor evaluate athanor-demo/checkpoints/12.0.98.h5 --x x_test.npy --y y_test.npy"})
final class EvaluateCommand implements Callable<Integer> {

    @ParentCommand
    private AthanorCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.h5", description = "A model file saved with its compile settings.")
    private Path modelFile;

    @Mixin
    private DataOptions data;

    @Mixin
    private PluginOption plugins;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Override
    public Integer call() throws Exception {
        plugins.load();
        DataOptions.Data d = data.read(true);
        Model model = ModelFiles.load(spec, modelFile);
        if (!model.isCompiled()) {
            throw new ParameterException(spec.commandLine(), modelFile + " has no training config (it was saved"
                    + " without compile), so there is no loss to evaluate. Use 'athanor predict' instead.");
        }
        Targets.Prepared y = Targets.prepare(d.y(), model);
        if (y.note() != null) {
            root.err().println("Note: " + y.note());
        }
        double[] scores = model.evaluate(d.x(), y.y(), batchSize);
        root.out().println(d.x().size(0) + " samples - " + Scores.format(model, scores));
        return 0;
    }
}
