package dev.athanor.cli;

import dev.athanor.callbacks.HistoryPlot;
import dev.athanor.core.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code athanor plot history.json}: the training curves of a saved History as PNG (or SVG). */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Plot the curves of a history file written by History.save, demo or train"
                + " (one panel per quantity, training and validation).", ""})
final class PlotCommand implements Callable<Integer> {

    @ParentCommand
    private AthanorCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HISTORY.json", description = "A history file ({\"history\": {...}, ...}).")
    private Path historyFile;

    @Option(names = "--out", paramLabel = "FILE", description = "Image to write: .png, .svg, or no extension for"
            + " both (default: curves.png beside the history file).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        Inputs.requireFile(spec, historyFile, "HISTORY.json");
        History history = History.load(historyFile);
        if (history.history().isEmpty()) {
            throw new ParameterException(spec.commandLine(), historyFile + " holds no recorded epochs: nothing to plot.");
        }
        Path target = out != null ? out : historyFile.toAbsolutePath().resolveSibling(Outputs.CURVES);
        if (target.toAbsolutePath().getParent() != null) {
            Files.createDirectories(target.toAbsolutePath().getParent());
        }
        List<Path> written = HistoryPlot.save(history, target);
        root.out().println("Plotted " + String.join(", ", HistoryPlot.quantities(history)) + " over "
                + history.epochs().size() + " epochs: " + written.stream().map(Path::toString).toList());
        return 0;
    }
}
