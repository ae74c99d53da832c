package dev.athanor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.History;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code athanor demo} end to end (once, with its defaults), then evaluate, predict, inspect and plot
 * on what it wrote.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoAndModelCommandsTest {

    private static final Pattern TEST_ACCURACY = Pattern.compile("Test accuracy: ([0-9.]+) %");

    private Path dir;

    private Run demo;
    private Path out;
    private Path best;
    private Path xTest;
    private Path yTest;

    @BeforeAll
    void runDemo(@TempDir Path tmp) throws Exception {
        dir = tmp;
        out = dir.resolve("demo");
        demo = Run.of("demo", "--out", out.toString());
        assertEquals(0, demo.exit(), demo::toString);
        try (Stream<Path> s = Files.list(out.resolve("checkpoints"))) {
            best = s.sorted().reduce((a, b) -> b).orElseThrow(); // names start with the epoch: the last is the best
        }
        DigitsTask task = DigitsTask.load(42);
        xTest = dir.resolve("x_test.npy");
        yTest = dir.resolve("y_test.npy");
        Npy.write(xTest, task.xTest);
        Npy.write(yTest, Nd4j.argMax(task.yTest, 1).castTo(DataType.INT32)); // integer labels: the CLI one-hot encodes
    }

    private double demoTestAccuracy() {
        Matcher m = TEST_ACCURACY.matcher(demo.out());
        assertTrue(m.find(), demo::toString);
        return Double.parseDouble(m.group(1)) / 100;
    }

    @Test
    void demoReachesNinetyFivePercentOnTheHeldOutDigits() {
        assertTrue(demoTestAccuracy() >= 0.95, demo::toString);
        assertTrue(demo.out().contains("test:       359 of 1797 samples, 20 % of each of 10 classes"), demo::toString);
        assertTrue(demo.out().contains("validation: 288 of 1438") || demo.out().contains("validation: 287 of 1438"),
                demo::toString);
        assertTrue(demo.out().contains("Epoch 30/30"), "progress output");
        assertTrue(demo.out().contains("30/30"));
        assertTrue(demo.out().contains("Best checkpoint: " + best), demo::toString);
        assertTrue(demo.out().contains("UCI"), "attribution");
    }

    @Test
    void demoWritesValidFiles() throws Exception {
        assertTrue(best.getFileName().toString().matches("\\d\\d\\.\\d\\.\\d\\d\\.h5"), best.toString());
        Model m = Models.load(best);
        assertTrue(m.isCompiled());
        assertEquals(26_122, m.countParams());
        Files2.assertPng(out.resolve("curves.png"));
        List<String[]> rows = Files2.csv(out.resolve("training.csv"), "epoch", "loss", "accuracy", "val_loss",
                "val_accuracy");
        assertEquals(30, rows.size());
        History h = History.load(out.resolve("history.json"));
        assertEquals(30, h.history().get("val_accuracy").size());
        // TensorBoard logs next to the PNG: 30 epochs of val_accuracy in validation/, as the history has them
        assertTrue(demo.out().contains("TensorBoard: tensorboard --logdir " + out.resolve("logs")), demo::toString);
        List<Float> tbVal = TensorBoardLogs.scalars(out.resolve("logs").resolve("validation"), "epoch_accuracy");
        assertEquals(30, tbVal.size());
        for (int i = 0; i < 30; i++) {
            assertEquals((float) (double) h.history().get("val_accuracy").get(i), tbVal.get(i));
        }
        assertEquals(30, TensorBoardLogs.scalars(out.resolve("logs").resolve("train"), "epoch_loss").size());
        // the checkpoint's name carries the best val_accuracy of the history
        double bestVal = h.history().get("val_accuracy").stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertTrue(best.getFileName().toString().endsWith(String.format(Locale.ROOT, ".%.2f.h5", bestVal)), best.toString());
    }

    @Test
    void evaluateGivesTheDemosTestAccuracy() {
        Run r = Run.of("evaluate", best.toString(), "--x", xTest.toString(), "--y", yTest.toString());
        assertEquals(0, r.exit(), r::toString);
        Matcher m = Pattern.compile("accuracy: ([0-9.]+)").matcher(r.out());
        assertTrue(m.find(), r::toString);
        assertEquals(demoTestAccuracy(), Double.parseDouble(m.group(1)), 1e-4);
        assertTrue(r.out().startsWith("359 samples - loss: "), r::toString);
        assertTrue(r.err().contains("one-hot encoded to 10 classes"), r::toString);
    }

    @Test
    void predictWritesNpyAndCsvThatAgree() throws Exception {
        Path npy = dir.resolve("preds/p.npy");
        Path csv = dir.resolve("preds/p.csv");
        Run a = Run.of("predict", best.toString(), "--x", xTest.toString(), "--out", npy.toString());
        Run b = Run.of("predict", best.toString(), "--x", xTest.toString(), "--out", csv.toString(), "--batch-size", "100");
        assertEquals(0, a.exit(), a::toString);
        assertEquals(0, b.exit(), b::toString);
        INDArray p = Npy.read(npy);
        assertEquals(List.of(359L, 10L), List.of(p.size(0), p.size(1)));
        List<String> lines = Files.readAllLines(csv);
        assertEquals(359, lines.size());
        for (int i = 0; i < 359; i++) {
            String[] cells = lines.get(i).split(",");
            assertEquals(10, cells.length);
            double sum = 0;
            for (int j = 0; j < 10; j++) {
                double v = Double.parseDouble(cells[j]);
                assertEquals(p.getDouble(i, j), v, 1e-6);
                sum += v;
            }
            assertEquals(1.0, sum, 1e-4, "softmax row " + i);
        }
        INDArray labels = Npy.read(yTest).castTo(DataType.INT64);
        long correct = Nd4j.argMax(p, 1).castTo(DataType.INT64).eq(labels).castTo(DataType.INT32).sumNumber().longValue();
        assertEquals(demoTestAccuracy(), correct / 359.0, 1e-4);
    }

    @Test
    void predictWithoutOutPrintsCsv() {
        Run r = Run.of("predict", best.toString(), "--x", xTest.toString());
        assertEquals(0, r.exit(), r::toString);
        assertEquals(359, r.out().lines().count());
    }

    @Test
    void inspectDescribesTheCheckpoint() {
        Run r = Run.of("inspect", best.toString());
        assertEquals(0, r.exit(), r::toString);
        String o = r.out();
        assertTrue(o.contains("keras_version:  2.4.0"), o);
        assertTrue(o.contains("Optimizer state: present"), o);
        assertTrue(o.contains("\"loss\" : \"categorical_crossentropy\""), o);
        assertTrue(o.matches("(?s).*layer +Dense +installed.*"), o);
        assertTrue(o.matches("(?s).*optimizer +Adam +installed \\(dev.athanor.optimizers.Adam from .*"), o);
        assertTrue(o.matches("(?s).*metric +accuracy +installed.*"), o);
        assertTrue(o.contains("hidden_1 (Dense)"), "summary");
        assertFalse(o.contains("MISSING"), o);
    }

    @Test
    void plotRedrawsTheHistory() throws Exception {
        Path png = dir.resolve("plots/again.png");
        Run r = Run.of("plot", out.resolve("history.json").toString(), "--out", png.toString());
        assertEquals(0, r.exit(), r::toString);
        Files2.assertPng(png);
        assertTrue(r.out().contains("loss, accuracy over 30 epochs"), r::toString);
        Path both = dir.resolve("plots/both");
        assertEquals(0, Run.of("plot", out.resolve("history.json").toString(), "--out", both.toString()).exit());
        Files2.assertPng(dir.resolve("plots/both.png"));
        assertTrue(Files.readString(dir.resolve("plots/both.svg")).contains("<svg"));
    }
}
