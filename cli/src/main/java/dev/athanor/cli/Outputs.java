package dev.athanor.cli;

import dev.athanor.callbacks.HistoryPlot;
import dev.athanor.core.History;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files every training command writes besides its callbacks' own. */
final class Outputs {

    static final String HISTORY = "history.json";
    static final String CURVES = "curves.png";

    private Outputs() {
    }

    /** Writes {@code history.json} (History.save) and {@code curves.png} (HistoryPlot) into {@code dir}. */
    static void saveHistory(History history, Path dir, PrintStream out) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve(HISTORY);
        history.save(json);
        out.println("History: " + json);
        if (history.history().isEmpty()) {
            return;
        }
        Path png = dir.resolve(CURVES);
        HistoryPlot.save(history, png);
        out.println("Curves:  " + png);
    }

    /** The line that opens TensorBoard on a log folder. */
    static void printTensorBoardHint(Path logDir, PrintStream out) {
        out.println("TensorBoard: tensorboard --logdir " + logDir);
    }
}
