package dev.athanor.cli;

import dev.athanor.callbacks.CSVLogger;
import dev.athanor.callbacks.ModelCheckpoint;
import dev.athanor.callbacks.TensorBoard;
import dev.athanor.core.FitOptions;
import dev.athanor.core.History;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.registry.UnknownComponentException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code athanor demo}: the training memo in one run on the bundled digits: an MLP compiled with the
 * chosen optimizer, categorical_crossentropy and accuracy; fit with a stratified validation part,
 * ModelCheckpoint with save_best_only, CSVLogger, TensorBoard logs (with weight histograms), the
 * history as JSON and PNG; then the best
 * checkpoint is loaded back and evaluated on the held-out test part.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train an MLP on the bundled digits data end to end: checkpoints, CSV log, history JSON,"
                + " PNG curves, then reload the best checkpoint and report its test accuracy.", ""},
        footer = {"", "Writes into DIR: checkpoints/{epoch:02d}.{val_accuracy:.2f}.h5 (best only), training.csv,"
                + " history.json, curves.png, logs/ (TensorBoard: train/ and validation/ runs).", "", Attribution.DIGITS})
final class DemoCommand implements Callable<Integer> {

    /** The checkpoint template of the memo, with Keras 2.3+'s metric name. */
    static final String CHECKPOINT_TEMPLATE = "{epoch:02d}.{val_accuracy:.2f}.h5";

    @ParentCommand
    private AthanorCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "athanor-demo",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "30", description = "Epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam",
            description = "Optimizer registry name with Keras defaults: sgd, adagrad, rmsprop, adadelta, adam, adamax,"
                    + " nadam, adamw, lion, or a plugin's (default: ${DEFAULT-VALUE}).")
    private String optimizer;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed for the split, the initial weights and the shuffling (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public Integer call() throws Exception {
        if (epochs < 1) {
            throw new ParameterException(spec.commandLine(), "--epochs must be at least 1. Received: " + epochs);
        }
        if (batchSize < 1) {
            throw new ParameterException(spec.commandLine(), "--batch-size must be at least 1. Received: " + batchSize);
        }
        PrintStream o = root.out();
        long start = System.nanoTime();
        Model model = DigitsTask.mlp(seed);
        try {
            model.compile(optimizer, "categorical_crossentropy", List.of("accuracy"));
        } catch (UnknownComponentException e) {
            throw new ParameterException(spec.commandLine(), "--optimizer: " + e.getMessage());
        }
        o.println(Attribution.DIGITS);
        DigitsTask task = DigitsTask.load(seed);
        task.printSplit(o);
        o.println();
        o.print(model.summaryText());
        o.println("Optimizer: " + model.optimizer().registryName() + " " + model.optimizer().config());
        o.println();

        ModelCheckpoint checkpoint = new ModelCheckpoint(out.resolve("checkpoints").resolve(CHECKPOINT_TEMPLATE).toString())
                .monitor("val_accuracy").saveBestOnly(true).verbose(1);
        CSVLogger csv = new CSVLogger(out.resolve("training.csv").toString());
        Path logs = out.resolve("logs");
        TensorBoard tensorBoard = new TensorBoard(logs).histogramFreq(1);
        History history = model.fit(task.xTrain, task.yTrain, new FitOptions()
                .epochs(epochs).batchSize(batchSize).seed(seed).verbose(1).out(o)
                .validationData(task.xVal, task.yVal)
                .callbacks(checkpoint, csv, tensorBoard));

        Outputs.saveHistory(history, out, o);
        Outputs.printTensorBoardHint(logs, o);
        List<Path> saved = checkpoint.savedFiles();
        if (saved.isEmpty()) {
            throw new IllegalStateException("ModelCheckpoint saved no file (val_accuracy never improved).");
        }
        Path best = saved.get(saved.size() - 1);
        Model reloaded = Models.load(best);
        double[] scores = reloaded.evaluate(task.xTest, task.yTest);
        o.printf(Locale.ROOT, "%nBest checkpoint: %s (val_accuracy %.4f), reloaded from disk.%n", best,
                checkpoint.best());
        o.printf(Locale.ROOT, "Test accuracy: %.2f %% on %d held-out digits (loss %.4f).%n", 100 * scores[1],
                task.xTest.size(0), scores[0]);
        o.printf(Locale.ROOT, "Done in %.1f s. Outputs in %s%n", (System.nanoTime() - start) / 1e9, out);
        return 0;
    }
}
