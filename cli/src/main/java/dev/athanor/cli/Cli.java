package dev.athanor.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/** Builds the picocli command line: streams, exit codes, and error handling. */
final class Cli {

    private Cli() {
    }

    /** The {@code athanor} command line printing to {@code out} and {@code err}. */
    static CommandLine create(PrintStream out, PrintStream err) {
        AthanorCommand root = new AthanorCommand(out, err);
        CommandLine cl = new CommandLine(root);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(new UsageErrors());
        cl.setExecutionExceptionHandler(new Failures(root));
        return cl;
    }
}
