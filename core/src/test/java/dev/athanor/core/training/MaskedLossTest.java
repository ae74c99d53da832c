package dev.athanor.core.training;

import dev.athanor.core.testing.fakes.PlainSgd;
import dev.athanor.core.Backend;
import dev.athanor.core.CompileOptions;
import dev.athanor.core.FitOptions;
import dev.athanor.core.History;
import dev.athanor.core.Loss;
import dev.athanor.core.Metric;
import dev.athanor.core.Optimizer;
import dev.athanor.core.Sequential;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Embedding;
import dev.athanor.core.layers.LSTM;
import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.TestArrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A masked sequence output weights its loss and metrics per step, as tf.keras 2.6 does
 * (compile_utils.apply_mask + losses_utils.compute_weighted_loss): loss =
 * {@code sum(loss_bt · sw_b · mask_bt) / (B·T)}, metric = {@code sum(m_bt · sw_b · mask_bt) / sum(sw_b · mask_bt)}.
 * Expected values are derived by hand from the model's own predictions.
 */
class MaskedLossTest {

    /** ids with padding (0) at the end, the start and inside. */
    private static final double[][] IDS = {{3, 1, 2, 0, 0}, {0, 0, 4, 5, 1}, {2, 0, 3, 1, 4}};
    private String before;

    @BeforeEach
    void float64() {
        before = Backend.floatx();
        Backend.setFloatx("float64");
    }

    @AfterEach
    void restore() {
        Backend.setFloatx(before);
    }

    /** Keras's mse and mae (mean over the last axis), written here: core has no registered losses. */
    private static final Loss MSE = (t, p) -> p.sub(t).square().mean(-1);

    private static final Metric MAE = new Metric() {
        @Override
        public Tensor call(Tensor t, Tensor p) {
            return p.sub(t).abs().mean(-1);
        }

        @Override
        public boolean higherIsBetter() {
            return false;
        }

        @Override
        public String registryName() {
            return "mae";
        }
    };

    private static Sequential model(Optimizer optimizer) {
        return compiled(new Sequential(List.of(new Embedding(6, 3).maskZero(true),
                new LSTM(4).returnSequences(true), new Dense(2))), optimizer);
    }

    private static Sequential compiled(Sequential m, Optimizer optimizer) {
        m.compile(new CompileOptions().optimizer(optimizer).loss(MSE).metrics(MAE));
        return m;
    }

    private static INDArray ids(double[][] rows, int steps) {
        INDArray out = Nd4j.zeros(DataType.DOUBLE, rows.length, steps);
        for (int b = 0; b < rows.length; b++) {
            for (int t = 0; t < rows[b].length; t++) {
                out.putScalar(b, t, rows[b][t]);
            }
        }
        return out;
    }

    /** {@code {loss, metric}} by hand: per-step mse and mae over the last axis, weighted by mask and sw. */
    private static double[] byHand(INDArray pred, INDArray y, INDArray ids, double[] sw) {
        long batch = pred.size(0), steps = pred.size(1), k = pred.size(2);
        double lossSum = 0, maeSum = 0, weightSum = 0;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                double m = ids.getDouble(b, t) != 0 ? 1 : 0;
                double w = m * (sw == null ? 1 : sw[b]);
                double se = 0, ae = 0;
                for (int j = 0; j < k; j++) {
                    double d = y.getDouble(b, t, j) - pred.getDouble(b, t, j);
                    se += d * d;
                    ae += Math.abs(d);
                }
                lossSum += w * se / k;
                maeSum += w * ae / k;
                weightSum += w;
            }
        }
        return new double[] {lossSum / (batch * steps), maeSum / weightSum};
    }

    @Test
    void lossAndMetricWeightEveryStepByTheMask() {
        Sequential m = model(new PlainSgd(0.1));
        INDArray x = ids(IDS, 5);
        INDArray y = TestArrays.uniform(5, -1, 1, 3, 5, 2);
        INDArray pred = m.predict(x);
        double[] want = byHand(pred, y, x, null);
        double[] got = m.evaluate(x, y);
        assertEquals(want[0], got[0], 1e-12);
        assertEquals(want[1], got[1], 1e-12);
        // The unmasked mean differs here, so the mask did something.
        double plain = y.sub(pred).muli(y.sub(pred)).meanNumber().doubleValue();
        assertTrue(Math.abs(plain - got[0]) > 1e-3, "masked " + got[0] + " vs unmasked " + plain);
    }

    @Test
    void sampleWeightsAndMaskTogetherInTraining() {
        Sequential m = model(new PlainSgd(0.1));
        INDArray x = ids(IDS, 5);
        INDArray y = TestArrays.uniform(6, -1, 1, 3, 5, 2);
        double[] sw = {0.5, 2.0, 1.5};
        double[] want = byHand(m.predict(x), y, x, sw);
        History h = m.fit(x, y, new FitOptions().epochs(1).batchSize(3).shuffle(false).verbose(0)
                .sampleWeight(Nd4j.createFromArray(sw)));
        assertEquals(want[0], h.history().get("loss").get(0), 1e-12);
        assertEquals(want[1], h.history().get("mae").get(0), 1e-12);
    }

    /**
     * Extra padding steps (with arbitrary targets) add nothing to the sum and, as in tf.keras 2.6,
     * only grow the SUM_OVER_BATCH_SIZE denominator: loss(T') · T' = loss(T) · T, the metric is
     * unchanged, and a gradient step with the learning rate scaled by T'/T lands on the same weights.
     */
    @Test
    void paddingDoesNotChangeTheSumOfLossesNorTheMetric() {
        INDArray shortX = ids(IDS, 5);
        INDArray longX = ids(IDS, 8);
        INDArray shortY = TestArrays.uniform(7, -1, 1, 3, 5, 2);
        INDArray longY = TestArrays.uniform(8, -50, 50, 3, 8, 2);
        longY.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5))
                .assign(shortY);
        Sequential a = model(new PlainSgd(0.1));
        a.predict(shortX);
        Sequential b = model(new PlainSgd(0.1 * 8 / 5));
        b.predict(longX);
        b.setWeights(a.getWeights());
        double[] es = a.evaluate(shortX, shortY);
        double[] el = b.evaluate(longX, longY);
        assertEquals(es[0] * 5, el[0] * 8, 1e-12);
        assertEquals(es[1], el[1], 1e-12);
        FitOptions once = new FitOptions().epochs(1).batchSize(3).shuffle(false).verbose(0);
        a.fit(shortX, shortY, once);
        b.fit(longX, longY, once);
        List<INDArray> wa = a.getWeights();
        List<INDArray> wb = b.getWeights();
        for (int i = 0; i < wa.size(); i++) {
            Asserts.assertAllClose(wa.get(i), wb.get(i), 1e-10, 1e-12);
        }
    }

    @Test
    void weightsFoldMaskAndSampleWeights() {
        INDArray mask = Nd4j.createFromArray(new double[][] {{1, 0}, {1, 1}});
        INDArray w = OutputMasks.weights(new long[] {2, 2, 3}, mask, Nd4j.createFromArray(2.0, 3.0), "out", "loss");
        Asserts.assertAllClose(Nd4j.createFromArray(new double[][][] {{{2}, {0}}, {{3}, {3}}}), w, 0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutputMasks.weights(new long[] {2}, mask, null, "out", "loss"));
        assertTrue(e.getMessage().contains("'out'") && e.getMessage().contains("[2, 2]"), e.getMessage());
    }

    @Test
    void unmaskedOutputsKeepThePlainMean() {
        Sequential m = compiled(new Sequential(List.of(new Embedding(6, 3), new LSTM(4).returnSequences(true),
                new Dense(2))), new PlainSgd(0.1));
        INDArray x = ids(IDS, 5);
        INDArray y = TestArrays.uniform(9, -1, 1, 3, 5, 2);
        INDArray pred = m.predict(x);
        double[] got = m.evaluate(x, y);
        assertEquals(y.sub(pred).muli(y.sub(pred)).meanNumber().doubleValue(), got[0], 1e-12);
        assertEquals(org.nd4j.linalg.ops.transforms.Transforms.abs(y.sub(pred)).meanNumber().doubleValue(), got[1], 1e-12);
    }
}
