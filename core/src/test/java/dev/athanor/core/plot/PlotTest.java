package dev.athanor.core.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Input;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.PlotOptions;
import dev.athanor.core.Sequential;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Add;
import dev.athanor.core.layers.Concatenate;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Dropout;
import dev.athanor.core.testing.Requirements;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plot_model: DOT text identical to Keras 3.15's model_to_dot (goldens from plot_model_golden.py); rendering. */
class PlotTest {

    @TempDir
    Path dir;

    static String golden(String name) throws IOException {
        try (InputStream in = PlotTest.class.getResourceAsStream(name + ".dot")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Sequential sequential() {
        Sequential m = new Sequential().name("seq");
        m.add(new Dense(3).activation("relu").inputDim(4).name("d1"));
        m.add(new Dropout(0.5).name("drop"));
        m.add(new Dense(2).activation("softmax").name("d2"));
        return m;
    }

    static Model twoInputs() {
        Tensor a = Input.named("a", 10);
        Tensor b = Input.named("b", 20);
        Tensor h = new Concatenate().name("cat").apply(new Dense(8).name("da").apply(a), new Dense(10).name("db").apply(b));
        return new Model(List.of(a, b), List.of(new Dense(1).activation("sigmoid").name("out").apply(h)), "two");
    }

    static Model shared() {
        Tensor x1 = Input.named("x1", 8);
        Tensor x2 = Input.named("x2", 8);
        Dense sh = new Dense(4).name("sh");
        return new Model(List.of(x1, x2), List.of(new Add().name("add").apply(sh.apply(x1), sh.apply(x2))), "siamese");
    }

    @Test
    void sequentialAsKerasDrawsIt() throws IOException {
        assertEquals(golden("sequential_shapes_activations"), Models.toDot(sequential(),
                new PlotOptions().showShapes(true).showLayerNames(true).showLayerActivations(true)));
        assertEquals(golden("sequential_defaults"), Models.toDot(sequential(), new PlotOptions().showLayerNames(true)));
    }

    @Test
    void multiInputModelAsKerasDrawsIt() throws IOException {
        assertEquals(golden("two_inputs_shapes"), Models.toDot(twoInputs(),
                new PlotOptions().showShapes(true).showLayerNames(true)));
    }

    @Test
    void sharedLayerIsOneBoxWithTwoIncomingEdges() throws IOException {
        String dot = Models.toDot(shared(), new PlotOptions().showShapes(true).showLayerNames(true).showDtype(true)
                .showTrainable(true).rankdir("LR").dpi(96));
        assertEquals(golden("shared_all"), dot);
    }

    @Test
    void dotFileNeedsNoGraphviz() throws IOException {
        Path out = dir.resolve("sub").resolve("model.dot");
        Models.plot(sequential(), out, true, true);
        assertEquals(Models.toDot(sequential(), new PlotOptions().showShapes(true).showLayerNames(true)),
                Files.readString(out));
    }

    @Test
    void rendersPngAndSvgWithGraphviz() throws IOException {
        Requirements.require(new Graphviz().find().isPresent(),
                "Graphviz's dot is not installed (Debian: apt-get install graphviz); rendering is not checked");
        Path png = dir.resolve("model.png");
        Models.plot(twoInputs(), png, true, true);
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
        javax.imageio.ImageIO.read(png.toFile()).getWidth();
        Path svg = dir.resolve("model.svg");
        Models.plot(shared(), svg, new PlotOptions().showLayerNames(true));
        String text = Files.readString(svg);
        assertTrue(text.contains("<svg"), text);
        for (String name : List.of("x1", "x2", "sh", "add")) {
            assertTrue(text.contains(">" + name + "<"), name + " in " + text);
        }
        try (var s = Files.list(dir)) {
            assertEquals(List.of("model.png", "model.svg"), s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary files left");
        }
    }

    @Test
    void clearErrors() {
        IOException missing = assertThrows(IOException.class,
                () -> new Graphviz("no-such-graphviz-dot").write("digraph G {}", dir.resolve("m.png")));
        assertTrue(missing.getMessage().contains("apt-get install graphviz"), missing.getMessage());
        assertTrue(missing.getMessage().contains(".dot file"), missing.getMessage());
        try (var s = Files.list(dir)) {
            assertFalse(s.findAny().isPresent(), "a failed render leaves no file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IllegalArgumentException ext = assertThrows(IllegalArgumentException.class,
                () -> Models.plot(sequential(), dir.resolve("model.bmp")));
        assertTrue(ext.getMessage().contains("Received: '.bmp'"), ext.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PlotOptions().rankdir("XY"));
    }
}
