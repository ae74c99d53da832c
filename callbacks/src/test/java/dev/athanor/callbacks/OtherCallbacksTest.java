package dev.athanor.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Callback;
import dev.athanor.core.Config;
import dev.athanor.core.History;
import dev.athanor.core.Sequential;
import dev.athanor.core.registry.Registries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class OtherCallbacksTest {

    @TempDir
    Path dir;

    /** Records the weights after every epoch. */
    private static LambdaCallback weightsLog(Sequential m, List<List<INDArray>> out) {
        return new LambdaCallback().onEpochEnd((e, logs) -> out.add(m.getWeights().stream().map(INDArray::dup).toList()));
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresBest() {
        Sequential m = Fits.model();
        List<List<INDArray>> ws = new ArrayList<>();
        EarlyStopping es = new EarlyStopping().patience(2).restoreBestWeights(true);
        History h = Fits.fit(m, 10, true, Fits.script("val_loss", 0.5, 0.3, 0.4, 0.35, 0.1, 0, 0, 0, 0, 0),
                weightsLog(m, ws), es);
        assertEquals(4, h.history().get("loss").size(), "stops at epoch 4 (two epochs without beating 0.3)");
        assertEquals(3, es.stoppedEpoch());
        assertEquals(1, es.bestEpoch());
        assertEquals(ws.get(1), m.getWeights(), "weights of the best epoch (index 1) are back");
        assertNotEquals(ws.get(3), m.getWeights());
    }

    @Test
    void earlyStoppingRestoresBestEvenWhenEpochsRunOutFirst() {
        Sequential m = Fits.model();
        List<List<INDArray>> ws = new ArrayList<>();
        EarlyStopping es = new EarlyStopping().patience(5).restoreBestWeights(true);
        History h = Fits.fit(m, 4, true, Fits.script("val_loss", 0.5, 0.2, 0.4, 0.3), weightsLog(m, ws), es);
        assertEquals(4, h.history().get("loss").size());
        assertEquals(0, es.stoppedEpoch());
        assertEquals(ws.get(1), m.getWeights());
    }

    @Test
    void earlyStoppingMinDeltaBaselineAndMode() {
        EarlyStopping delta = new EarlyStopping().minDelta(0.1).patience(1);
        History h = Fits.fit(Fits.model(), 6, true, Fits.script("val_loss", 1.0, 0.95, 0.8, 0.75, 0, 0), delta);
        assertEquals(2, h.history().get("loss").size(), "0.95 is not 0.1 better than 1.0");

        EarlyStopping base = new EarlyStopping().baseline(0.5).patience(2);
        History h2 = Fits.fit(Fits.model(), 6, true, Fits.script("val_loss", 0.9, 0.4, 0.6, 0.6, 0, 0), base);
        assertEquals(4, h2.history().get("loss").size(), "best starts at the baseline");
        EarlyStopping never = new EarlyStopping().baseline(0.5).patience(2);
        assertEquals(2, Fits.fit(Fits.model(), 6, true, Fits.script("val_loss", 0.9, 0.8, 0, 0, 0, 0), never)
                .history().get("loss").size());

        EarlyStopping max = new EarlyStopping().monitor("val_loss").mode("max").patience(0);
        History h3 = Fits.fit(Fits.model(), 6, true, Fits.script("val_loss", 0.1, 0.2, 0.1, 0, 0, 0), max);
        assertEquals(3, h3.history().get("loss").size());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Fits.fit(Fits.model(), 2, false, new EarlyStopping()));
        assertTrue(e.getMessage().contains("The fit will log: loss."), e.getMessage());
    }

    @Test
    void reduceLrOnPlateauChangesTheOptimizersRate() {
        Sequential m = Fits.model();
        double lr0 = m.optimizer().learningRate();
        ReduceLROnPlateau r = new ReduceLROnPlateau().patience(2).factor(0.5).cooldown(1).minLr(lr0 * 0.2);
        History h = Fits.fit(m, 9, true, Fits.script("val_loss", 1, 1, 1, 1, 1, 1, 1, 1, 1), r);
        List<Double> lr = h.history().get("lr");
        assertEquals(9, lr.size());
        // logs hold the rate used in the epoch. Index 0 improves on inf; wait 1, 2 at indices 1, 2 -> halve;
        // index 3 leaves cooldown (wait 1), index 4 wait 2 -> halve; index 6 -> would be 1/8 but min_lr is 1/5
        assertEquals(lr0, lr.get(2), 1e-7);
        assertEquals(lr0 * 0.5, lr.get(3), 1e-7);
        assertEquals(lr0 * 0.5, lr.get(4), 1e-7);
        assertEquals(lr0 * 0.25, lr.get(5), 1e-7);
        assertEquals(lr0 * 0.2, lr.get(7), 1e-7);
        assertEquals(lr0 * 0.2, m.optimizer().learningRate(), 1e-7, "never below min_lr");
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().factor(1.0));
    }

    @Test
    void rateCallbacksReadTheBaseRateSoLegacyDecayIsNotCompounded() {
        // 4 steps per epoch; with decay 0.5 the rate used after epoch 1 is base / (1 + 0.5 * 4) = base / 3.
        Sequential m = Fits.model();
        m.compile(new dev.athanor.optimizers.SGD().learningRate(0.1).decay(0.5), "mse");
        ReduceLROnPlateau r = new ReduceLROnPlateau().patience(1).factor(0.5);
        History h = Fits.fit(m, 3, true, Fits.script("val_loss", 1, 1, 1), r);
        assertEquals(Fits.list(0.1, 0.1, 0.05), h.history().get("lr"));
        assertEquals(0.025, m.optimizer().baseLearningRate(), 1e-12);
        assertEquals(0.025 / (1 + 0.5 * 12), m.optimizer().learningRate(), 1e-9);

        Sequential n = Fits.model();
        n.compile(new dev.athanor.optimizers.SGD().learningRate(0.1).decay(0.5), "mse");
        History g = Fits.fit(n, 3, false, new LearningRateScheduler((epoch, lr) -> lr * 0.5));
        assertEquals(Fits.list(0.05, 0.025, 0.0125), g.history().get("lr"));
    }

    @Test
    void learningRateSchedulerSetsTheRateEachEpoch() {
        Sequential m = Fits.model();
        List<Double> seen = new ArrayList<>();
        LearningRateScheduler s = new LearningRateScheduler((epoch, lr) -> epoch < 2 ? 0.05 : lr * 0.1);
        History h = Fits.fit(m, 4, false, s,
                new LambdaCallback().onEpochEnd((e, logs) -> seen.add(m.optimizer().learningRate())));
        assertEquals(List.of(0.05, 0.05, 0.005, 0.0005).size(), seen.size());
        assertEquals(0.05, seen.get(1), 1e-9);
        assertEquals(0.0005, seen.get(3), 1e-9);
        assertEquals(seen, h.history().get("lr"));
        assertThrows(IllegalArgumentException.class, () -> Fits.fit(Fits.model(), 1, false, new LearningRateScheduler()));
    }

    @Test
    void terminateOnNaN() {
        Sequential m = Fits.model();
        TerminateOnNaN t = new TerminateOnNaN();
        LambdaCallback poison = new LambdaCallback().onBatchEnd((b, logs) -> {
            if (b == 1) {
                logs.put("loss", Double.NaN);
            }
        });
        List<Integer> batches = new ArrayList<>();
        History h = Fits.fit(m, 5, false, poison, t, new LambdaCallback().onBatchEnd((b, logs) -> batches.add(b)));
        assertTrue(t.terminated());
        assertEquals(List.of(0, 1), batches);
        assertEquals(1, h.history().get("loss").size());
    }

    @Test
    void csvLoggerWritesParsableRowsAndAppends() throws Exception {
        Path csv = dir.resolve("logs/train.csv");
        Fits.fit(Fits.model(), 3, true, new CSVLogger(csv.toString()));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("epoch,loss,val_loss", lines.get(0));
        assertEquals(4, lines.size());
        for (int i = 1; i < 4; i++) {
            String[] cells = lines.get(i).split(",");
            assertEquals(String.valueOf(i - 1), cells[0]);
            assertTrue(Double.parseDouble(cells[1]) > 0);
            assertTrue(Double.parseDouble(cells[2]) > 0);
        }
        Fits.fit(Fits.model(), 2, true, new CSVLogger(csv.toString()).append(true).separator(","));
        assertEquals(6, Files.readAllLines(csv).size(), "appended rows, no second header");
        Fits.fit(Fits.model(), 1, true, new CSVLogger(csv.toString()).separator(";"));
        List<String> semi = Files.readAllLines(csv);
        assertEquals(List.of("epoch;loss;val_loss"), semi.subList(0, 1));
        assertEquals(2, semi.size());
    }

    @Test
    void historyWriterWritesJsonAfterEveryEpoch() throws Exception {
        Path json = dir.resolve("h/history.json");
        List<Integer> sizes = new ArrayList<>();
        LambdaCallback probe = new LambdaCallback().onEpochEnd((e, logs) -> {
            try {
                sizes.add(History.load(json).history().get("loss").size());
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        History h = Fits.fit(Fits.model(), 3, true, new HistoryWriter(json.toString()), probe);
        assertEquals(List.of(1, 2, 3), sizes);
        History back = History.load(json);
        assertEquals(h.history(), back.history());
        try (var s = Files.list(json.getParent())) {
            assertEquals(1, s.count(), "no temporary files left");
        }
    }

    @Test
    void historyWriterContinuesTheFileWhenResuming() throws Exception {
        Path json = dir.resolve("resume.json");
        Sequential m = Fits.model();
        Fits.fit(m, 3, true, new HistoryWriter(json.toString()));
        m.fit(Fits.X, Fits.Y, new dev.athanor.core.FitOptions().epochs(5).initialEpoch(2).batchSize(8).verbose(0)
                .validationData(Fits.VX, Fits.VY).callbacks(new HistoryWriter(json.toString())));
        History back = History.load(json);
        assertEquals(List.of(0, 1, 2, 3, 4), back.epochs());
        assertEquals(5, back.history().get("val_loss").size());
    }

    @Test
    void modelCheckpointVerboseMessagesAreKeras() throws Exception {
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Fits.fit(Fits.model(), 2, true, Fits.script("val_loss", 0.9, 0.95),
                    new ModelCheckpoint(dir + "/v.ckpt").saveBestOnly(true).verbose(1));
        } finally {
            System.setOut(old);
        }
        String text = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("Epoch 00001: val_loss improved from inf to 0.90000, saving model to "), text);
        assertTrue(text.contains("Epoch 00002: val_loss did not improve from 0.90000"), text);
    }

    @Test
    void allRegisteredWithConfigRoundTrips() {
        Registries r = Registries.defaults();
        for (String name : List.of("ModelCheckpoint", "EarlyStopping", "CSVLogger", "ReduceLROnPlateau",
                "LearningRateScheduler", "TerminateOnNaN", "LambdaCallback", "HistoryWriter", "TensorBoard")) {
            assertTrue(r.callbacks().contains(name), name + " registered");
            Callback c = r.callbacks().create(name);
            assertEquals(name, c.registryName());
            Map<String, Object> cfg = c.config();
            Callback again = r.callbacks().create(name);
            again.configure(new Config(name, cfg));
            assertEquals(cfg, again.config(), name);
        }
        EarlyStopping es = new EarlyStopping().monitor("val_auc").minDelta(0.01).patience(3).verbose(1).mode("max")
                .baseline(0.7).restoreBestWeights(true);
        EarlyStopping es2 = new EarlyStopping();
        es2.configure(new Config("EarlyStopping", es.config()));
        assertEquals(es.config(), es2.config());
        ReduceLROnPlateau rl = new ReduceLROnPlateau().factor(0.5).patience(3).minDelta(0.01).cooldown(2).minLr(1e-5);
        ReduceLROnPlateau rl2 = new ReduceLROnPlateau();
        rl2.configure(new Config("ReduceLROnPlateau", rl.config()));
        assertEquals(rl.config(), rl2.config());
        assertFalse(new ReduceLROnPlateau().config().isEmpty());
        assertEquals(0.1, new ReduceLROnPlateau().config().get("factor"));
        assertEquals(10, new ReduceLROnPlateau().config().get("patience"));
        assertEquals(1e-4, new ReduceLROnPlateau().config().get("min_delta"));
    }
}
