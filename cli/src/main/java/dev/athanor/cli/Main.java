package dev.athanor.cli;

import java.io.PrintStream;

/**
 * The {@code athanor} executable's entry point: makes sure {@code OMP_WAIT_POLICY} is set (see
 * {@link Relauncher}), quiets start-up logging unless {@code --verbose}, and runs the command line.
 */
public final class Main {

    private Main() {
    }

    /** Runs the CLI and exits with its code (0 ok, 1 failure, 2 usage error). */
    public static void main(String[] args) {
        Integer relaunched = Relauncher.relaunchIfNeeded(args);
        if (relaunched != null) {
            System.exit(relaunched);
        }
        configureLogging(hasVerbose(args));
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line with the given streams and returns the exit code (used by tests). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return Cli.create(out, err).execute(args);
    }

    private static boolean hasVerbose(String[] args) {
        for (String a : args) {
            if (a.equals("--verbose") || a.equals("-v")) {
                return true;
            }
            if (a.equals("--")) {
                return false;
            }
        }
        return false;
    }

    /**
     * slf4j-simple reads its levels when the first logger is made, so they are set here, before
     * ND4J starts: warnings only (ND4J prints ~15 INFO lines at start-up), everything with --verbose.
     */
    private static void configureLogging(boolean verbose) {
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        setDefault("org.slf4j.simpleLogger.log.io.jhdf", verbose ? "info" : "error");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
