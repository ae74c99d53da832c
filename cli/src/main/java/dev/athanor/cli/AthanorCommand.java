package dev.athanor.cli;

import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level {@code athanor} command: global options and the list of subcommands. */
@Command(name = "athanor", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = {"Keras-style deep learning on the JVM: train, checkpoint, evaluate and inspect models.", ""},
        subcommands = {DemoCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class,
                InspectCommand.class, CompareOptimizersCommand.class, PlotCommand.class,
                PlotModelCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage error.",
                "Start with: athanor demo        (trains an MLP on the bundled digits data, under a minute)",
                "",
                Attribution.DIGITS})
final class AthanorCommand implements Runnable {

    private final PrintStream out;
    private final PrintStream err;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print stack traces on errors and INFO logging.")
    private boolean verbose;

    AthanorCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Standard output for results and progress. */
    PrintStream out() {
        return out;
    }

    /** Standard error for warnings. */
    PrintStream err() {
        return err;
    }

    boolean verbose() {
        return verbose;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()) + ".");
    }
}
