package dev.athanor.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.callbacks.tensorboard.EventFileReader;
import dev.athanor.callbacks.tensorboard.EventFileWriter;
import dev.athanor.callbacks.tensorboard.proto.Event;
import dev.athanor.callbacks.tensorboard.proto.Summary;
import dev.athanor.core.History;
import dev.athanor.core.Sequential;
import dev.athanor.core.Variable;
import dev.athanor.core.testing.ConfigRoundTrip;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class TensorBoardTest {

    @TempDir
    Path dir;

    static List<Path> eventFiles(Path run) throws IOException {
        try (Stream<Path> s = Files.list(run)) {
            return s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).sorted().toList();
        }
    }

    static Path only(Path run) throws IOException {
        List<Path> files = eventFiles(run);
        assertEquals(1, files.size(), files.toString());
        return files.get(0);
    }

    /** Every summary value as (step, tag, value). */
    record Row(long step, String tag, Summary.Value value) {
    }

    static List<Row> rows(List<Event> events) {
        List<Row> out = new ArrayList<>();
        for (Event e : events) {
            for (Summary.Value v : e.getSummary().getValueList()) {
                out.add(new Row(e.getStep(), v.getTag(), v));
            }
        }
        return out;
    }

    static float scalar(Summary.Value v) {
        assertEquals("scalars", v.getMetadata().getPluginData().getPluginName());
        assertEquals(dev.athanor.callbacks.tensorboard.proto.DataType.DT_FLOAT, v.getTensor().getDtype());
        return ByteBuffer.wrap(v.getTensor().getTensorContent().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getFloat();
    }

    static double[] histogram(Summary.Value v) {
        assertEquals("histograms", v.getMetadata().getPluginData().getPluginName());
        assertEquals(dev.athanor.callbacks.tensorboard.proto.DataType.DT_DOUBLE, v.getTensor().getDtype());
        ByteBuffer b = ByteBuffer.wrap(v.getTensor().getTensorContent().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        double[] d = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(d);
        return d;
    }

    @Test
    void writesKerasLayoutScalarsHistogramsAndConfig() throws IOException {
        Sequential m = Fits.model();
        History h = Fits.fit(m, 3, true, new TensorBoard(dir).histogramFreq(2));

        List<Event> train = EventFileReader.read(only(dir.resolve("train")));
        assertEquals(EventFileWriter.FILE_VERSION, train.get(0).getFileVersion());
        List<Row> t = rows(train);
        // step 0: the Keras model (Graphs dashboard) and the same config as text
        assertEquals("keras", t.get(0).tag());
        assertEquals("graph_keras_model", t.get(0).value().getMetadata().getPluginData().getPluginName());
        assertEquals("1", t.get(0).value().getMetadata().getPluginData().getContent().toStringUtf8());
        assertEquals(m.toJson(), t.get(0).value().getTensor().getStringVal(0).toStringUtf8());
        assertEquals("model_config", t.get(1).tag());
        assertEquals("text", t.get(1).value().getMetadata().getPluginData().getPluginName());

        List<String> expectedTags = new ArrayList<>();
        List<Long> expectedSteps = new ArrayList<>();
        String prefix = m.name() + "/";
        for (int epoch = 0; epoch < 3; epoch++) {
            for (String tag : List.of("epoch_loss", "epoch_learning_rate")) {
                expectedTags.add(tag);
                expectedSteps.add((long) epoch);
            }
            if (epoch % 2 == 0) {
                for (Variable v : m.variables()) {
                    expectedTags.add(prefix + v.baseName() + "/histogram");
                    expectedSteps.add((long) epoch);
                }
            }
        }
        List<Row> rest = t.subList(2, t.size());
        assertEquals(expectedTags, rest.stream().map(Row::tag).toList());
        assertEquals(expectedSteps, rest.stream().map(Row::step).toList());
        List<Double> loss = h.history().get("loss");
        List<Float> written = rest.stream().filter(r -> r.tag().equals("epoch_loss")).map(r -> scalar(r.value())).toList();
        for (int i = 0; i < 3; i++) {
            assertEquals((float) (double) loss.get(i), written.get(i));
        }
        rest.stream().filter(r -> r.tag().equals("epoch_learning_rate"))
                .forEach(r -> assertEquals(0.01f, scalar(r.value())));
        assertTrue(train.stream().allMatch(e -> e.getWallTime() > 1.6e9));

        // the last histograms (epoch 2) describe the final weights: count, min and max
        for (Variable v : m.variables()) {
            Row last = rest.stream().filter(r -> r.tag().equals(prefix + v.baseName() + "/histogram"))
                    .reduce((a, b) -> b).orElseThrow();
            assertEquals(2, last.step());
            double[] rows = histogram(last.value());
            assertEquals(90, rows.length);
            double[] w = v.value().castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
            double count = 0;
            for (int i = 0; i < 30; i++) {
                count += rows[3 * i + 2];
            }
            assertEquals(w.length, count, 0.0);
            assertEquals(Arrays.stream(w).min().orElseThrow(), rows[0], 0.0);
            assertEquals(Arrays.stream(w).max().orElseThrow(), rows[88], 0.0);
        }

        List<Row> val = rows(EventFileReader.read(only(dir.resolve("validation"))));
        List<Double> valLoss = h.history().get("val_loss");
        assertEquals(6, val.size());
        for (int epoch = 0; epoch < 3; epoch++) {
            Row it = val.get(2 * epoch);
            Row ep = val.get(2 * epoch + 1);
            assertEquals("evaluation_loss_vs_iterations", it.tag());
            assertEquals(4L * (epoch + 1), it.step());  // 32 samples / batch 8 = 4 optimizer steps per epoch
            assertEquals("epoch_loss", ep.tag());
            assertEquals(epoch, ep.step());
            assertEquals((float) (double) valLoss.get(epoch), scalar(ep.value()));
            assertEquals(scalar(ep.value()), scalar(it.value()));
        }
    }

    @Test
    void batchSummariesEveryNBatches() throws IOException {
        Fits.fit(Fits.model(), 2, false, new TensorBoard(dir).updateFreq(3).writeGraph(false));
        List<Row> t = rows(EventFileReader.read(only(dir.resolve("train"))));
        // 4 batches per epoch, global batches 1..8: 3 and 6 are written
        List<Long> batchSteps = t.stream().filter(r -> r.tag().equals("batch_loss")).map(Row::step).toList();
        assertEquals(List.of(3L, 6L), batchSteps);
        assertEquals(List.of("batch_loss", "epoch_loss", "epoch_learning_rate", "batch_loss", "epoch_loss",
                "epoch_learning_rate"), t.stream().map(Row::tag).toList());
        assertTrue(Files.notExists(dir.resolve("validation")), "no validation data, no validation run");

        Path all = dir.resolve("all");
        Fits.fit(Fits.model(), 1, false, new TensorBoard(all).updateFreq("batch").writeGraph(false));
        assertEquals(List.of(1L, 2L, 3L, 4L), rows(EventFileReader.read(only(all.resolve("train")))).stream()
                .filter(r -> r.tag().equals("batch_loss")).map(Row::step).toList());
    }

    @Test
    void twoFitsIntoOneLogDirWriteTwoFiles() throws IOException {
        Sequential m = Fits.model();
        TensorBoard tb = new TensorBoard(dir);
        Fits.fit(m, 1, true, tb);
        Fits.fit(m, 1, true, tb);
        List<Path> train = eventFiles(dir.resolve("train"));
        assertEquals(2, train.size(), train.toString());
        assertNotEquals(train.get(0), train.get(1));
        assertEquals(2, eventFiles(dir.resolve("validation")).size());
        for (Path p : train) {
            assertEquals(1, rows(EventFileReader.read(p)).stream().filter(r -> r.tag().equals("epoch_loss")).count());
        }
    }

    @Test
    void aCrashMidWriteLeavesTheEarlierEpochsReadable() throws IOException {
        Fits.fit(Fits.model(), 3, false, new TensorBoard(dir).writeGraph(false));
        Path file = only(dir.resolve("train"));
        byte[] bytes = Files.readAllBytes(file);
        // cut the file inside its last record, as a process killed mid-append leaves it
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 7));
        List<Event> intact = new ArrayList<>();
        IOException stop = EventFileReader.readIntact(file, intact);
        assertInstanceOf(EOFException.class, stop);
        List<Row> r = rows(intact);
        assertEquals(List.of("epoch_loss", "epoch_learning_rate", "epoch_loss", "epoch_learning_rate", "epoch_loss"),
                r.stream().map(Row::tag).toList());
        assertThrows(EOFException.class, () -> EventFileReader.read(file));
    }

    @Test
    void eventsOfFinishedEpochsAreOnDiskBeforeTrainingEnds() throws IOException {
        List<Integer> seen = new ArrayList<>();
        TensorBoard tb = new TensorBoard(dir).writeGraph(false);
        LambdaCallback peek = new LambdaCallback().onEpochEnd((Integer epoch, java.util.Map<String, Double> logs) -> {
            try {
                seen.add((int) rows(EventFileReader.read(only(dir.resolve("train")))).stream()
                        .filter(r -> r.tag().equals("epoch_loss")).count());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Fits.fit(Fits.model(), 3, false, tb, peek);
        assertEquals(List.of(1, 2, 3), seen);
    }

    @Test
    void configRoundTripAndClearErrors() {
        TensorBoard tb = new TensorBoard("runs/a").histogramFreq(2).updateFreq(5).writeGraph(false);
        ConfigRoundTrip.assertRoundTrip(tb, dev.athanor.core.registry.Registries.defaults().callbacks());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Fits.fit(Fits.model(), 1, false, new TensorBoard(dir).updateFreq("often")));
        assertEquals("`update_freq` must be 'epoch', 'batch' or an integer >= 1. Received: update_freq=often",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TensorBoard(dir).histogramFreq(-1));
        IllegalArgumentException img = assertThrows(IllegalArgumentException.class,
                () -> Fits.fit(Fits.model(), 1, false, new TensorBoard(dir).writeImages(true)));
        assertTrue(img.getMessage().contains("write_images is not supported"), img.getMessage());
        assertTrue(new String(tb.config().toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                .contains("update_freq=5"));
    }
}
