package dev.athanor.core.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Backend;
import dev.athanor.core.CompileOptions;
import dev.athanor.core.FitOptions;
import dev.athanor.core.Loss;
import dev.athanor.core.Sequential;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.testing.TestArrays;
import dev.athanor.core.testing.fakes.PlainSgd;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Which loss shapes sample and class weights can weight (Keras's SUM_OVER_BATCH_SIZE rule): one
 * value per sample, or {@code [batch, k]} values weighted per sample, are weighted and averaged; a
 * scalar (the whole batch already averaged) is refused with weights instead of being multiplied by
 * the batch size, which reported 22.83 where the weighted mean was 0.69. Expected values are
 * computed here from the model's own predictions (learning rate 0, so the weights stay put).
 */
class LossShapeTest {

    private static final Loss PER_SAMPLE = (t, p) -> p.sub(t).square().mean(-1);
    private static final Loss PER_VALUE = (t, p) -> p.sub(t).square();
    private static final Loss SCALAR = (t, p) -> p.sub(t).square().mean();
    private static final Map<Integer, Double> CLASS_WEIGHT = Map.of(0, 1.0, 1, 3.0);

    private String floatx;
    private final INDArray x = TestArrays.uniform(3, -1, 1, 6, 3);
    /** One-hot targets, classes 0, 1, 1, 0, 1, 0. */
    private final INDArray y = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}, {0, 1}, {1, 0}, {0, 1}, {1, 0}});
    private final double[] sw = {1, 3, 3, 1, 3, 1};

    @BeforeEach
    void float64() {
        floatx = Backend.floatx();
        Backend.setFloatx("float64");
    }

    @AfterEach
    void restore() {
        Backend.setFloatx(floatx);
    }

    private static Sequential model(Loss loss) {
        Sequential m = new Sequential(List.of(new Dense(2).inputShape(3)));
        m.compile(new CompileOptions().optimizer(new PlainSgd(0.0)).loss(loss));
        return m;
    }

    private double fitLoss(Sequential m) {
        return m.fit(x, y, new FitOptions().epochs(1).batchSize(6).shuffle(false).verbose(0).classWeight(CLASS_WEIGHT))
                .history().get("loss").get(0);
    }

    @Test
    void perSampleLossesAreWeightedThenAveragedOverTheBatch() {
        Sequential m = model(PER_SAMPLE);
        INDArray p = m.predict(x);
        double want = 0;
        for (int b = 0; b < 6; b++) {
            double se = 0;
            for (int k = 0; k < 2; k++) {
                se += Math.pow(p.getDouble(b, k) - y.getDouble(b, k), 2);
            }
            want += sw[b] * se / 2;
        }
        assertEquals(want / 6, fitLoss(m), 1e-12);
    }

    @Test
    void valuesPerSampleAndClassAreWeightedBySample() {
        Sequential m = model(PER_VALUE);
        INDArray p = m.predict(x);
        double want = 0;
        for (int b = 0; b < 6; b++) {
            for (int k = 0; k < 2; k++) {
                want += sw[b] * Math.pow(p.getDouble(b, k) - y.getDouble(b, k), 2);
            }
        }
        assertEquals(want / 12, fitLoss(m), 1e-12);
    }

    @Test
    void aScalarLossIsRefusedWithWeightsAndAveragedWithout() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fitLoss(model(SCALAR)));
        assertTrue(e.getMessage().contains("returned one value for the whole batch (shape ())")
                && e.getMessage().contains("Return one loss per sample"), e.getMessage());

        Sequential plain = model(SCALAR);
        double unweighted = plain.fit(x, y, new FitOptions().epochs(1).batchSize(6).shuffle(false).verbose(0))
                .history().get("loss").get(0);
        INDArray p = plain.predict(x);
        assertEquals(p.sub(y).muli(p.sub(y)).meanNumber().doubleValue(), unweighted, 1e-12);
    }

    @Test
    void aLossWithoutTheBatchAxisFirstIsNamedWithItsShape() {
        Loss perClass = (t, p) -> p.sub(t).square().mean(0); // averaged over the batch: shape (2,)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fitLoss(model(perClass)));
        assertTrue(e.getMessage().contains("returned shape (2,) for a batch of 6 samples"), e.getMessage());
    }
}
