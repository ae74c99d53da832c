package dev.athanor.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * A command that fails at run time: one line with the message (and its causes' messages), no
 * stack trace unless {@code --verbose}; exit code 1.
 */
final class Failures implements IExecutionExceptionHandler {

    private final AthanorCommand root;

    Failures(AthanorCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        err.println("athanor " + cmd.getCommandName() + ": error: " + message(ex));
        if (root.verbose()) {
            ex.printStackTrace(err);
        } else {
            err.println("(run with --verbose for the stack trace)");
        }
        err.flush();
        return 1;
    }

    /** The exception's message followed by its causes' messages when they add something. */
    static String message(Throwable ex) {
        StringBuilder sb = new StringBuilder(text(ex));
        Throwable seen = ex;
        for (Throwable c = ex.getCause(); c != null && c != seen; seen = c, c = c.getCause()) {
            String m = text(c);
            if (!sb.toString().contains(m)) {
                sb.append(": ").append(m);
            }
        }
        return sb.toString();
    }

    private static String text(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
    }
}
