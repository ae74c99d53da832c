package dev.athanor.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Callback;
import dev.athanor.core.FitOptions;
import dev.athanor.core.History;
import dev.athanor.core.Model;
import dev.athanor.core.graph.ModelConfigs;
import dev.athanor.core.Models;
import dev.athanor.core.Sequential;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * EarlyStopping and ReduceLROnPlateau carry their state through a saved model: 3 epochs, save,
 * load, 3 more epochs behave exactly as 6 uninterrupted epochs (same stopping epoch, same History,
 * same learning rates). The scripted val_loss sequences are chosen so that a resumed run that
 * forgot the state would behave differently (checked too).
 */
class ResumeStateTest {

    @TempDir
    Path dir;

    /** val_loss per epoch: best 0.5 at epoch 1, then 3 epochs without improvement (stop at 4 with patience 3). */
    private static final double[] ES_SCRIPT = {1.0, 0.5, 0.6, 0.7, 0.8, 0.4};
    /** A flat val_loss: patience 2 reduces at epoch 2, cooldown 1, then again at epoch 4. */
    private static final double[] LR_SCRIPT = {1.0, 1.0, 1.0, 1.0, 1.0, 1.0};

    private static FitOptions options(int epochs, int initialEpoch, Callback... callbacks) {
        return new FitOptions().epochs(epochs).initialEpoch(initialEpoch).batchSize(8).verbose(0).shuffle(true)
                .seed(7).validationData(Fits.VX, Fits.VY).callbacks(callbacks);
    }

    private static List<INDArray> copy(List<INDArray> ws) {
        return ws.stream().map(INDArray::dup).toList();
    }

    /** Concatenates two histories key by key. */
    private static Map<String, List<Double>> concat(History a, History b) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : a.history().entrySet()) {
            List<Double> v = new ArrayList<>(e.getValue());
            v.addAll(b.history().getOrDefault(e.getKey(), List.of()));
            out.put(e.getKey(), v);
        }
        return out;
    }

    private record Run(Map<String, List<Double>> history, Callback last) {
    }

    /**
     * Fits 6 epochs straight, or 3, saves to .h5, loads and fits epochs 3..5 with a new callback;
     * {@code forget} drops the saved callback states first (what happened before the fix).
     */
    private Run run(List<INDArray> init, double[] script, Supplier<Callback> callback, boolean split,
            boolean forget) {
        Sequential m = Fits.model();
        m.setWeights(init);
        if (!split) {
            Callback cb = callback.get();
            return new Run(m.fit(Fits.X, Fits.Y, options(6, 0, Fits.script("val_loss", script), cb)).history(), cb);
        }
        History first = m.fit(Fits.X, Fits.Y, options(3, 0, Fits.script("val_loss", script), callback.get()));
        Path file = dir.resolve("resume-" + System.nanoTime() + ".h5");
        m.save(file);
        Model loaded = Models.load(file);
        if (forget) {
            loaded.callbackStates().clear();
        }
        Callback cb = callback.get();
        History second = loaded.fit(Fits.X, Fits.Y, options(6, 3, Fits.script("val_loss", script), cb));
        return new Run(concat(first, second), cb);
    }

    private static void assertSameHistory(Map<String, List<Double>> expected, Map<String, List<Double>> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) {
            List<Double> e = expected.get(k);
            List<Double> a = actual.get(k);
            assertEquals(e.size(), a.size(), k + ": " + e + " vs " + a);
            for (int i = 0; i < e.size(); i++) {
                assertEquals(e.get(i), a.get(i), 1e-6 * Math.max(1, Math.abs(e.get(i))), k + "[" + i + "]: " + e + " vs " + a);
            }
        }
    }

    @Test
    void earlyStoppingResumedFromAFileStopsAtTheSameEpochWithTheSameHistory() {
        List<INDArray> init = copy(Fits.model().getWeights());
        Supplier<Callback> es = () -> new EarlyStopping().patience(3);

        Run straight = run(init, ES_SCRIPT, es, false, false);
        assertEquals(4, ((EarlyStopping) straight.last()).stoppedEpoch());
        assertEquals(5, straight.history().get("loss").size());

        Run resumed = run(init, ES_SCRIPT, es, true, false);
        assertEquals(4, ((EarlyStopping) resumed.last()).stoppedEpoch());
        assertEquals(0.5, ((EarlyStopping) resumed.last()).best());
        assertEquals(1, ((EarlyStopping) resumed.last()).bestEpoch());
        assertSameHistory(straight.history(), resumed.history());

        // Without the saved state the resumed run counts from scratch and never stops.
        Run forgot = run(init, ES_SCRIPT, es, true, true);
        assertEquals(0, ((EarlyStopping) forgot.last()).stoppedEpoch());
        assertEquals(6, forgot.history().get("loss").size());
    }

    @Test
    void reduceLrOnPlateauResumedFromAFileGivesTheSameLearningRates() {
        List<INDArray> init = copy(Fits.model().getWeights());
        Supplier<Callback> rlr = () -> new ReduceLROnPlateau().patience(2).factor(0.5).cooldown(1);

        Run straight = run(init, LR_SCRIPT, rlr, false, false);
        List<Double> lr = straight.history().get("lr");
        double lr0 = lr.get(0);
        double[] expected = {lr0, lr0, lr0, lr0 / 2, lr0 / 2, lr0 / 4}; // logged before each epoch's reduction
        assertEquals(expected.length, lr.size(), lr.toString());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], lr.get(i), 1e-9, "lr[" + i + "]: " + lr);
        }

        Run resumed = run(init, LR_SCRIPT, rlr, true, false);
        assertSameHistory(straight.history(), resumed.history());

        Run forgot = run(init, LR_SCRIPT, rlr, true, true);
        assertEquals(lr0 / 2, forgot.history().get("lr").get(5), 1e-9, "a fresh counter reduces one epoch later");
    }

    @Test
    void statesSurviveJsonIncludingAnInfiniteBestAndOnlyAResumingFitRestoresThem() {
        EarlyStopping es = new EarlyStopping().patience(2);
        Sequential m = Fits.model();
        Fits.fit(m, 2, true, Fits.script("val_loss", 0.3, 0.4), es);
        Map<String, Object> saved = m.callbackStates().get(es.stateKey());
        assertEquals(Map.of("epoch", 1, "wait", 1, "stopped_epoch", 0, "best", 0.3, "best_epoch", 0), saved);

        ReduceLROnPlateau fresh = new ReduceLROnPlateau();
        Map<String, Object> before = fresh.state(); // best is +inf before any epoch: JSON has no infinity
        assertEquals("inf", before.get("best"));
        Map<String, Object> back = ModelConfigs.parseJson(ModelConfigs.writeJson(before));
        fresh.restoreState(back);
        assertEquals(before, fresh.state());

        // A new fit from epoch 0 on the same model starts afresh (as Keras), although the state is there.
        EarlyStopping again = new EarlyStopping().patience(2);
        Fits.fit(m, 1, true, Fits.script("val_loss", 0.9), again);
        assertEquals(0.9, again.best());
        assertTrue(m.callbackStates().containsKey(again.stateKey()));
    }
}
