package dev.athanor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Exit codes: 2 with one helpful line for usage errors, 1 without a stack trace for failures; --help everywhere. */
class UsageAndErrorsTest {

    @TempDir
    static Path dir;

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(List.of(), "athanor: Missing command: choose one of demo, train, evaluate"),
                Arguments.of(List.of("trian"), "Did you mean: athanor train"),
                Arguments.of(List.of("demo", "--epochs", "0"), "athanor: --epochs must be at least 1. Received: 0"),
                Arguments.of(List.of("demo", "--epochs", "many"), "athanor: Invalid value for option '--epochs': 'many' is not an int"),
                Arguments.of(List.of("demo", "--optimizer", "adamm", "--epochs", "1"),
                        "athanor: --optimizer: Unknown optimizer 'adamm'. Did you mean '"),
                Arguments.of(List.of("evaluate"), "athanor: Missing required parameter: 'MODEL.h5'"),
                Arguments.of(List.of("evaluate", "m.h5"), "athanor: missing the inputs: give --x FILE (or --csv FILE)."),
                Arguments.of(List.of("evaluate", "nosuch.h5", "--x", "nosuch.npy", "--y", "y.npy"),
                        "athanor: --x: No such data file: nosuch.npy"),
                Arguments.of(List.of("predict", "m.h5", "--x", "x.npy", "--out", "p.txt"),
                        "athanor: --out must end in .csv or .npy. Received: p.txt"),
                Arguments.of(List.of("inspect", "nosuch.h5"), "athanor: MODEL.h5: no such file: nosuch.h5"),
                Arguments.of(List.of("train", "nosuch.yaml"), "athanor: CONFIG: no such file: nosuch.yaml"),
                Arguments.of(List.of("plot", "nosuch.json"), "athanor: HISTORY.json: no such file: nosuch.json"),
                Arguments.of(List.of("compare-optimizers", "--epochs", "-1"), "athanor: --epochs must be at least 1."),
                Arguments.of(List.of("evaluate", "m.h5", "--csv", "a.csv", "--x", "x.npy"),
                        "athanor: give either --csv or --x/--y, not both."));
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void usageErrorsExitTwoWithAHelpfulLine(List<String> args, String expected) {
        Run r = Run.of(args.toArray(String[]::new));
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains(expected), "expected <" + expected + "> in\n" + r);
        assertTrue(r.err().contains("Try 'athanor"), r::toString);
        assertFalse(r.err().contains("\tat "), "no stack trace\n" + r);
    }

    @Test
    void badConfigKeysAreUsageErrorsNamingTheKey() throws Exception {
        Path c = dir.resolve("bad.yaml");
        Files.writeString(c, "model: m.json\nfit: {epoch: 3}\n");
        Run r = Run.of("train", c.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("unknown key 'epoch' at fit.epoch. Known keys there: ["), r::toString);
        assertTrue(r.err().matches("(?s).*Known keys there: \\[.*\\bepochs\\b.*"), r::toString);

        Path noData = dir.resolve("nodata.json");
        Files.writeString(noData, "{\"model\": " + Files.readString(Path.of("examples/iris-model.json"))
                + ", \"compile\": {\"optimizer\": \"adam\", \"loss\": \"categorical_crossentropy\"}}");
        Run r2 = Run.of("train", noData.toString());
        assertEquals(2, r2.exit(), r2::toString);
        assertTrue(r2.err().contains("the config has no 'data' section"), r2::toString);

        Path badLoss = dir.resolve("badloss.yaml");
        Files.writeString(badLoss, "model: " + Path.of("examples/iris-model.json").toAbsolutePath()
                + "\ncompile: {optimizer: adam, loss: categorical_crossentropyy}\n");
        Run r3 = Run.of("train", badLoss.toString());
        assertEquals(2, r3.exit(), r3::toString);
        assertTrue(r3.err().contains("Unknown loss 'categorical_crossentropyy'. Did you mean 'categorical_crossentropy'?"),
                r3::toString);
    }

    @Test
    void failuresExitOneWithoutStackTraceUnlessVerbose() throws Exception {
        Path corrupt = dir.resolve("corrupt.h5");
        Files.write(corrupt, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Path x = dir.resolve("x.csv");
        Files.writeString(x, "1,2,3,4\n5,6,7,8\n");
        Run r = Run.of("predict", corrupt.toString(), "--x", x.toString());
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().startsWith("athanor predict: error: "), r::toString);
        assertTrue(r.err().contains("corrupt.h5"), "names the file\n" + r);
        assertFalse(r.err().contains("\tat "), r::toString);
        Run v = Run.of("predict", corrupt.toString(), "--x", x.toString(), "--verbose");
        assertEquals(1, v.exit(), v::toString);
        assertTrue(v.err().contains("\tat "), "stack trace with --verbose\n" + v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "train", "evaluate", "predict", "inspect", "compare-optimizers", "plot"})
    void everyCommandHasHelp(String command) {
        Run r = Run.of(command, "--help");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("Usage: athanor " + command), r::toString);
        assertTrue(r.out().contains("-v, --verbose"), r::toString);
    }

    @Test
    void topLevelHelpListsCommandsExitCodesAndAttribution() {
        Run r = Run.of("--help");
        assertEquals(0, r.exit(), r::toString);
        for (String c : List.of("demo", "train", "evaluate", "predict", "inspect", "compare-optimizers", "plot")) {
            assertTrue(r.out().contains("\n  " + c + " "), c + "\n" + r);
        }
        assertTrue(r.out().contains("Exit codes: 0 ok, 1 failure, 2 usage error."), r::toString);
        assertTrue(r.out().contains("UCI Machine Learning Repository"), r::toString);
        assertTrue(Run.of("--version").out().startsWith("athanor 0.1.0"));
    }

    @Test
    void relaunchCommandRunsTheSameMainWithTheSameArguments() {
        List<String> cmd = Relauncher.command(new String[] {"demo", "--epochs", "3"}).orElseThrow();
        assertTrue(cmd.get(0).endsWith("/bin/java"), cmd.toString());
        assertEquals(List.of(Main.class.getName(), "demo", "--epochs", "3"), cmd.subList(cmd.size() - 4, cmd.size()));
        assertTrue(cmd.contains("-cp"), cmd.toString());
    }
}
