package dev.athanor.cli;

import static dev.athanor.core.testing.Requirements.require;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Input;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.PlotOptions;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Concatenate;
import dev.athanor.core.layers.Dense;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code athanor plot-model}: the options reach plot_model, images render with Graphviz. */
class PlotModelCommandTest {

    private static Path twoInputModel(Path dir) {
        Tensor a = Input.of(4);
        Tensor b = Input.of(3);
        Tensor out = new Dense(2).activation("softmax").name("out")
                .apply(new Concatenate().name("merge").apply(new Dense(5).activation("relu").name("left").apply(a), b));
        Path file = dir.resolve("two.h5");
        new Model(List.of(a, b), List.of(out)).save(file);
        return file;
    }

    @Test
    void dotOutputIsPlotModelWithTheGivenOptions(@TempDir Path dir) throws Exception {
        Path file = twoInputModel(dir);
        Path dot = dir.resolve("m.dot");
        Run r = Run.of("plot-model", file.toString(), "--out", dot.toString(), "--show-shapes", "--show-layer-names",
                "--rankdir", "LR", "--show-layer-activations");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("Wrote " + dot + "\n", r.out(), r::toString);
        String expected = Models.toDot(Models.load(file), new PlotOptions().showShapes(true).showLayerNames(true)
                .rankdir("LR").showLayerActivations(true));
        assertEquals(expected, Files.readString(dot));
        assertTrue(expected.contains("rankdir=\"LR\"") || expected.contains("rankdir=LR"), expected);
        assertTrue(expected.contains("left") && expected.contains("merge"), expected);
    }

    @Test
    void pngIsRenderedBesideTheModelByDefault(@TempDir Path dir) throws Exception {
        require(DotProgram.installed(), "Graphviz's dot is not installed (apt-get install graphviz)");
        Path file = twoInputModel(dir);
        Run r = Run.of("plot-model", file.toString());
        assertEquals(0, r.exit(), r::toString);
        byte[] png = Files.readAllBytes(dir.resolve("model.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
    }

    @Test
    void aMissingModelFileIsAUsageError(@TempDir Path dir) {
        Run r = Run.of("plot-model", dir.resolve("none.h5").toString());
        assertEquals(2, r.exit(), r::toString);
    }

    /** Whether Graphviz's dot runs here. */
    private static final class DotProgram {
        static boolean installed() {
            try {
                return new ProcessBuilder("dot", "-V").redirectErrorStream(true).start().waitFor() == 0;
            } catch (Exception e) {
                return false;
            }
        }
    }
}
