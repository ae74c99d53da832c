package dev.athanor.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts the CLI again, once, with {@code OMP_WAIT_POLICY=PASSIVE} when the variable is absent.
 *
 * <p>Why: libnd4j's OpenMP threads busy-wait by default and fight the JVM's own threads on small
 * machines (training measured 2-3x slower on 2 cores). OpenMP reads the variable when the native
 * library loads, and a JVM cannot change its own environment, so the only fix from inside Java is
 * a child JVM. The {@code athanor} launcher script sets the variable, so this only happens for
 * {@code java -jar athanor.jar} without it. Set {@code OMP_WAIT_POLICY} to any value (e.g.
 * {@code ACTIVE}) to opt out; the child inherits the console, so the progress bar and the exit
 * code are unchanged.
 */
final class Relauncher {

    static final String VARIABLE = "OMP_WAIT_POLICY";

    private Relauncher() {
    }

    /** The child's exit code when the CLI was relaunched; null when this JVM should run it. */
    static Integer relaunchIfNeeded(String[] args) {
        if (System.getenv(VARIABLE) != null) {
            return null;
        }
        Optional<List<String>> command = command(args);
        if (command.isEmpty()) {
            return null; // cannot find our own java binary: run here, slower but correct
        }
        ProcessBuilder pb = new ProcessBuilder(command.get()).inheritIO();
        pb.environment().put(VARIABLE, "PASSIVE");
        try {
            Process p = pb.start();
            return p.waitFor();
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** java, this JVM's options, the class path, the main class, the arguments. */
    static Optional<List<String>> command(String[] args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (!Files.isExecutable(java)) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return Optional.of(cmd);
    }
}
