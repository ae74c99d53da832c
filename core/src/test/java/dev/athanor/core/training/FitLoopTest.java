package dev.athanor.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.athanor.core.Backend;
import dev.athanor.core.Callback;
import dev.athanor.core.CompileOptions;
import dev.athanor.core.FitOptions;
import dev.athanor.core.History;
import dev.athanor.core.Loss;
import dev.athanor.core.Sequential;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.testing.fakes.PlainSgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fit loop ({@link Trainer}) on the smallest model whose every step can be derived by hand:
 * {@code y = w·x} (one Dense unit, no bias), squared error, plain SGD. Expected values come from
 * the closed form {@code dL/dw = mean_b 2(w·x_b − y_b)·x_b} computed in plain doubles here, not from
 * the library; the loop's bookkeeping (the batch-size-weighted running mean Keras logs, loss taken
 * before each update, the partial last batch, validation after the epoch, Keras's callback order,
 * {@code initialEpoch}, {@code stopTraining}) is what is under test.
 */
class FitLoopTest {

    private static final double[] X = {1, 2, 3, 4, 5};
    private static final double[] Y = {2.5, 3.5, 6.5, 8.5, 9.5};
    private static final double W0 = 0.5;
    private static final double LR = 0.01;
    private static final Loss SQUARED_ERROR = (t, p) -> p.sub(t).square().mean(-1);

    private String floatx;

    @BeforeEach
    void float64() {
        floatx = Backend.floatx();
        Backend.setFloatx("float64");
    }

    @AfterEach
    void restore() {
        Backend.setFloatx(floatx);
    }

    private static Sequential model() {
        Sequential m = new Sequential(List.of(new Dense(1).useBias(false).inputShape(1)));
        m.compile(new CompileOptions().optimizer(new PlainSgd(LR)).loss(SQUARED_ERROR));
        m.setWeights(List.of(Nd4j.createFromArray(new double[][] {{W0}})));
        return m;
    }

    private static INDArray column(double[] v) {
        return Nd4j.createFromArray(v).reshape(v.length, 1).castTo(DataType.DOUBLE);
    }

    private static double weight(Sequential m) {
        return m.getWeights().get(0).getDouble(0, 0);
    }

    /** One epoch by hand over batches of {@code batch} in order: {w after, logged epoch loss}. */
    private static double[] epochByHand(double w, int batch, int maxSteps) {
        double weightedLoss = 0;
        int seen = 0;
        for (int start = 0, step = 0; start < X.length && step < maxSteps; start += batch, step++) {
            int end = Math.min(X.length, start + batch);
            double loss = 0, grad = 0;
            for (int i = start; i < end; i++) {
                double r = w * X[i] - Y[i];
                loss += r * r;
                grad += 2 * r * X[i];
            }
            int n = end - start;
            weightedLoss += loss; // Keras's running mean weights each batch's mean loss by its size
            seen += n;
            w -= LR * grad / n;
        }
        return new double[] {w, weightedLoss / seen};
    }

    @Test
    void epochLossIsTheSizeWeightedMeanOfBatchLossesTakenBeforeEachUpdate() {
        Sequential m = model();
        History h = m.fit(column(X), column(Y), new FitOptions().epochs(2).batchSize(2).shuffle(false).verbose(0));
        double[] e1 = epochByHand(W0, 2, Integer.MAX_VALUE);
        double[] e2 = epochByHand(e1[0], 2, Integer.MAX_VALUE);
        assertEquals(e1[1], h.history().get("loss").get(0), 1e-12);
        assertEquals(e2[1], h.history().get("loss").get(1), 1e-12);
        assertEquals(e2[0], weight(m), 1e-12);
    }

    @Test
    void validationIsScoredWithTheWeightsTheEpochEndedWith() {
        Sequential m = model();
        double[] xv = {6, 7};
        double[] yv = {11, 15};
        History h = m.fit(column(X), column(Y), new FitOptions().epochs(1).batchSize(5).shuffle(false).verbose(0)
                .validationData(column(xv), column(yv)));
        double w = epochByHand(W0, 5, Integer.MAX_VALUE)[0];
        double want = (Math.pow(w * xv[0] - yv[0], 2) + Math.pow(w * xv[1] - yv[1], 2)) / 2;
        assertEquals(want, h.history().get("val_loss").get(0), 1e-12);
    }

    @Test
    void callbacksHearKerasOrderFromTheInitialEpoch() {
        Sequential m = model();
        Recorder r = new Recorder(m, -1, -1);
        History h = m.fit(column(X), column(Y), new FitOptions().epochs(3).initialEpoch(1).batchSize(2)
                .shuffle(false).verbose(0).callbacks(r));
        List<String> want = new ArrayList<>(List.of("trainBegin"));
        for (int epoch = 1; epoch < 3; epoch++) {
            want.add("epochBegin " + epoch);
            for (int b = 0; b < 3; b++) { // 5 samples in batches of 2: 2, 2 and a partial 1
                want.add("batchBegin " + b);
                want.add("batchEnd " + b);
            }
            want.add("epochEnd " + epoch);
        }
        want.add("trainEnd");
        assertEquals(want, r.events);
        assertEquals(List.of(1, 2), h.epochs());
        // After batch 0 the logged loss is that batch's mean loss, before the update.
        double firstBatch = (Math.pow(W0 * X[0] - Y[0], 2) + Math.pow(W0 * X[1] - Y[1], 2)) / 2;
        assertEquals(firstBatch, r.firstBatchLoss, 1e-12);
    }

    @Test
    void stopTrainingInABatchEndsTheEpochAfterThatStepAndTheFit() {
        Sequential m = model();
        Recorder r = new Recorder(m, 0, 1);
        History h = m.fit(column(X), column(Y), new FitOptions().epochs(5).batchSize(2).shuffle(false).verbose(0)
                .callbacks(r));
        // As Keras: the batch loop breaks, the epoch still ends (callbacks and history), then the fit ends.
        assertEquals(List.of("trainBegin", "epochBegin 0", "batchBegin 0", "batchEnd 0", "batchBegin 1",
                "batchEnd 1", "epochEnd 0", "trainEnd"), r.events);
        double[] twoSteps = epochByHand(W0, 2, 2);
        assertEquals(twoSteps[0], weight(m), 1e-12);
        assertEquals(List.of(twoSteps[1]), h.history().get("loss"));
    }

    /** Records the callback protocol; asks the model to stop at ({@code stopEpoch}, {@code stopBatch}). */
    private static final class Recorder implements Callback {
        final List<String> events = new ArrayList<>();
        final Sequential model;
        final int stopEpoch;
        final int stopBatch;
        int epoch;
        double firstBatchLoss = Double.NaN;

        Recorder(Sequential model, int stopEpoch, int stopBatch) {
            this.model = model;
            this.stopEpoch = stopEpoch;
            this.stopBatch = stopBatch;
        }

        @Override
        public void onTrainBegin(Map<String, Double> logs) {
            events.add("trainBegin");
        }

        @Override
        public void onTrainEnd(Map<String, Double> logs) {
            events.add("trainEnd");
        }

        @Override
        public void onEpochBegin(int epoch, Map<String, Double> logs) {
            this.epoch = epoch;
            events.add("epochBegin " + epoch);
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
            events.add("epochEnd " + epoch);
        }

        @Override
        public void onBatchBegin(int batch, Map<String, Double> logs) {
            events.add("batchBegin " + batch);
        }

        @Override
        public void onBatchEnd(int batch, Map<String, Double> logs) {
            events.add("batchEnd " + batch);
            if (Double.isNaN(firstBatchLoss)) {
                firstBatchLoss = logs.get("loss");
            }
            if (epoch == stopEpoch && batch == stopBatch) {
                model.stopTraining(true);
            }
        }
    }
}
