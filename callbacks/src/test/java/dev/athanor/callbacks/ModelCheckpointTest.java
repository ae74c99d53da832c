package dev.athanor.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Config;
import dev.athanor.core.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCheckpointTest {

    @TempDir
    Path dir;

    private TreeSet<String> files(Path d) throws IOException {
        if (!Files.exists(d)) {
            return new TreeSet<>();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void keysAddedByEarlierCallbacksMayBeUsedInTheTemplate() throws IOException {
        // ReduceLROnPlateau declares "lr", so the template check at fit start accepts it.
        ModelCheckpoint cp = new ModelCheckpoint(dir + "/lr/{epoch}-{lr:.3f}.ckpt").monitor("loss");
        Fits.fit(Fits.model(), 1, false, new ReduceLROnPlateau().monitor("loss"), cp);
        assertEquals(new TreeSet<>(List.of("1-0.010.ckpt")), files(dir.resolve("lr")));
    }

    @Test
    void saveBestOnlyOnScriptedValLoss() throws IOException {
        String t = dir + "/Train_record/{epoch:02d}-{val_loss:.2f}.ckpt";
        ModelCheckpoint cp = new ModelCheckpoint(t).monitor("val_loss").saveBestOnly(true);
        // improves at epochs 1, 2, 4, 6 (1-based); 3 and 5 are worse; 6 equals nothing before it
        Fits.fit(Fits.model(), 6, true, Fits.script("val_loss", 0.9, 0.5, 0.7, 0.4, 0.4, 0.1), cp);
        assertEquals(new TreeSet<>(List.of("01-0.90.ckpt", "02-0.50.ckpt", "04-0.40.ckpt", "06-0.10.ckpt")),
                files(dir.resolve("Train_record")));
        assertEquals(0.1, cp.best());
    }

    @Test
    void modeMaxAndAutoUseTheMetricsDirection() throws IOException {
        Sequential m = Fits.model();
        m.compile("sgd", "mse", List.of("accuracy"));
        String t = dir + "/{epoch}.ckpt";
        ModelCheckpoint auto = new ModelCheckpoint(t).monitor("val_accuracy").saveBestOnly(true);
        m.fit(Fits.X, Fits.Y, new dev.athanor.core.FitOptions().epochs(4).batchSize(8).verbose(0)
                .validationData(Fits.VX, Fits.VY).callbacks(Fits.script("val_accuracy", 0.5, 0.4, 0.6, 0.6), auto));
        assertEquals(new TreeSet<>(List.of("1.ckpt", "3.ckpt")), files(dir));
        assertEquals(0.6, auto.best());

        Path d2 = dir.resolve("min");
        ModelCheckpoint min = new ModelCheckpoint(d2 + "/{epoch}.ckpt").monitor("val_accuracy").mode("min")
                .saveBestOnly(true);
        m.fit(Fits.X, Fits.Y, new dev.athanor.core.FitOptions().epochs(4).batchSize(8).verbose(0)
                .validationData(Fits.VX, Fits.VY).callbacks(Fits.script("val_accuracy", 0.5, 0.4, 0.6, 0.3), min));
        assertEquals(new TreeSet<>(List.of("1.ckpt", "2.ckpt", "4.ckpt")), files(d2));
    }

    @Test
    void everyEpochPeriodAndWeightsOnly() throws IOException {
        ModelCheckpoint every = new ModelCheckpoint(dir + "/a/e{epoch:03d}.ckpt");
        ModelCheckpoint period = new ModelCheckpoint(dir + "/b/e{epoch}.ckpt").period(2).saveWeightsOnly(true);
        Fits.fit(Fits.model(), 5, false, every, period);
        assertEquals(new TreeSet<>(List.of("e001.ckpt", "e002.ckpt", "e003.ckpt", "e004.ckpt", "e005.ckpt")),
                files(dir.resolve("a")));
        assertEquals(new TreeSet<>(List.of("e2.ckpt", "e4.ckpt")), files(dir.resolve("b")));
        String weights = Files.readString(dir.resolve("b/e2.ckpt"));
        assertTrue(weights.contains("\"kind\":\"weights\""), weights);
        assertTrue(Files.readString(dir.resolve("a/e001.ckpt")).contains("\"kind\":\"model\""));
    }

    @Test
    void saveFreqSavesEveryNBatchesAcrossEpochs() throws IOException {
        // 32 samples / batch 8 = 4 batches per epoch; every 3 batches over 2 epochs: after global batches 3, 6
        ModelCheckpoint cp = new ModelCheckpoint(dir + "/{epoch}-{batch}-{loss:.1f}.ckpt").saveFreq(3);
        Fits.fit(Fits.model(), 2, true, cp);
        assertEquals(2, files(dir).size(), files(dir).toString());
        assertTrue(files(dir).first().startsWith("1-3-"), files(dir).toString());
        assertTrue(files(dir).last().startsWith("2-2-"), files(dir).toString());
    }

    @Test
    void unknownTemplateKeyFailsAtFitStartListingTheKeys() {
        ModelCheckpoint cp = new ModelCheckpoint(dir + "/Train_record/{epoch:02d}.{val_acc:.2f}.V0.ckpt");
        Sequential m = Fits.model();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fits.fit(m, 3, false, cp));
        assertTrue(e.getMessage().contains("'val_acc'"), e.getMessage());
        assertTrue(e.getMessage().contains("validationData"), e.getMessage());
        assertTrue(e.getMessage().contains("epoch, loss"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("Train_record")));

        m.compile("sgd", "mse", List.of("accuracy"));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> Fits.fit(m, 3, true, cp));
        assertTrue(e2.getMessage().contains("val_accuracy"), e2.getMessage());
    }

    @Test
    void unknownMonitorFailsAtFitStart() {
        ModelCheckpoint cp = new ModelCheckpoint(dir + "/{epoch}.ckpt").saveBestOnly(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Fits.fit(Fits.model(), 2, false, cp));
        assertTrue(e.getMessage().contains("monitor 'val_loss'"), e.getMessage());
        assertTrue(e.getMessage().contains("The fit will log: loss."), e.getMessage());
    }

    @Test
    void integerCodeOnAFloatAndValKeysWithSaveFreqFailFast() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Fits.fit(Fits.model(), 1, true, new ModelCheckpoint(dir + "/{val_loss:02d}.ckpt")));
        assertTrue(e.getMessage().contains("integer format code"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> Fits.fit(Fits.model(), 1, true, new ModelCheckpoint(dir + "/{val_loss}.ckpt").saveFreq(2)));
        assertTrue(e2.getMessage().contains("exists only at epoch end"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("{epoch"));
        assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("x").mode("best"));
        assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("x").period(0));
    }

    @Test
    void failedSaveKeepsThePreviousBestIntact() throws IOException {
        Path best = dir.resolve("best.ckpt");
        ModelCheckpoint cp = new ModelCheckpoint(best.toString()).saveBestOnly(true);
        LambdaCallback inject = new LambdaCallback().onEpochEnd((e, logs) -> {
            if (e == 2) {
                CkptFormat.failNext = true;
            }
        });
        Sequential m = Fits.model();
        UncheckedIOException ex = assertThrows(UncheckedIOException.class,
                () -> Fits.fit(m, 4, true, Fits.script("val_loss", 0.9, 0.5, 0.3, 0.2), inject, cp));
        assertTrue(ex.getMessage().contains("injected failure"), ex.getMessage());
        CkptFormat.failNext = false;
        // the epoch-2 checkpoint is still complete and readable, and no temp file is left behind
        assertEquals(new TreeSet<>(List.of("best.ckpt")), files(dir));
        Map<String, Object> doc = CkptFormat.read(best, Fits.model());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> states = (Map<String, Map<String, Object>>) doc.get("callback_states");
        assertEquals(0.5, ((Number) states.get(cp.stateKey()).get("best")).doubleValue());
        assertEquals(0.5, cp.best(), "a best that never reached the disk is not kept");
    }

    @Test
    void resumeFromAFullCheckpointRestoresBest() throws IOException {
        String t = dir + "/ck-{epoch:02d}.ckpt";
        Sequential first = Fits.model();
        Fits.fit(first, 3, true, Fits.script("val_loss", 0.5, 0.2, 0.6),
                new ModelCheckpoint(t).saveBestOnly(true));
        assertEquals(new TreeSet<>(List.of("ck-01.ckpt", "ck-02.ckpt")), files(dir));

        // "restart": a fresh process builds the model and reads the best checkpoint back
        Sequential resumed = Fits.model();
        CkptFormat.read(dir.resolve("ck-02.ckpt"), resumed);
        assertArrayEquals(first.getWeights().get(0).shape(), resumed.getWeights().get(0).shape());
        ModelCheckpoint again = new ModelCheckpoint(t).saveBestOnly(true);
        resumed.fit(Fits.X, Fits.Y, new dev.athanor.core.FitOptions().epochs(6).initialEpoch(3).batchSize(8)
                .verbose(0).validationData(Fits.VX, Fits.VY)
                .callbacks(Fits.script("val_loss", 0, 0, 0, 0.4, 0.3, 0.1), again));
        // 0.4 and 0.3 are worse than the restored best 0.2: only epoch 6 (0.1) is saved
        assertEquals(new TreeSet<>(List.of("ck-01.ckpt", "ck-02.ckpt", "ck-06.ckpt")), files(dir));
        assertEquals(0.1, again.best());
    }

    @Test
    void configRoundTrip() {
        ModelCheckpoint cp = new ModelCheckpoint("r/{epoch:02d}.h5").monitor("val_acc").verbose(1)
                .saveBestOnly(true).saveWeightsOnly(true).mode("max").period(2).saveFreq(5);
        Map<String, Object> c = cp.config();
        assertEquals(5, c.get("save_freq"));
        ModelCheckpoint back = new ModelCheckpoint();
        back.configure(new Config("ModelCheckpoint", c));
        assertEquals(c, back.config());
        ModelCheckpoint epoch = new ModelCheckpoint();
        epoch.configure(new Config("ModelCheckpoint", Map.of("filepath", "a.h5", "save_freq", "epoch")));
        assertEquals("epoch", epoch.config().get("save_freq"));
        assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint()
                .configure(new Config("ModelCheckpoint", Map.of("filepath", "a.h5", "sav_best_only", true))));
    }
}
