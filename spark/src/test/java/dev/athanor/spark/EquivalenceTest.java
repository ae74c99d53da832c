package dev.athanor.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.FitOptions;
import dev.athanor.core.History;
import dev.athanor.core.Model;
import dev.athanor.core.Optimizer;
import dev.athanor.losses.Utils;
import dev.athanor.optimizers.Adam;
import dev.athanor.optimizers.SGD;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Two workers with batch 16 each are single-node training with batch 32: the same weights after
 * three epochs on the digits, up to float summation order.
 */
class EquivalenceTest {

    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("equivalence");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void sgdMatchesSingleNode() {
        check(() -> new SGD().learningRate(0.1), "sgd");
    }

    @Test
    void adamMatchesSingleNode() {
        check(() -> new Adam().learningRate(1e-3), "adam");
    }

    @Test
    void averagingEveryFiveStepsReachesTheSingleNodeAccuracy() {
        int n = 1501;
        INDArray all = Digits.x();
        INDArray allY = Utils.toCategorical(Digits.DATA.labels(), 10);
        INDArray x = all.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
        INDArray y = allY.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
        INDArray xVal = all.get(NDArrayIndex.interval(n, all.rows()), NDArrayIndex.all());
        INDArray yVal = allY.get(NDArrayIndex.interval(n, all.rows()), NDArrayIndex.all());
        Model single = Digits.mlp(13);
        single.compile(new Adam().learningRate(1e-2), "categorical_crossentropy", List.of("acc"));
        single.fit(x, y, new FitOptions().epochs(3).batchSize(32).shuffle(false).verbose(0));
        Model averaged = Digits.mlp(13);
        averaged.compile(new Adam().learningRate(1e-2), "categorical_crossentropy", List.of("acc"));
        History h = new SparkTrainer(spark).mode(SparkTrainer.Mode.AVERAGING).averagingFrequency(5).numWorkers(2)
                .batchSizePerWorker(16).epochs(3).fit(averaged, Digits.frame(spark, n), "features", "label");
        double acc1 = single.evaluate(xVal, yVal)[1];
        double acc2 = averaged.evaluate(xVal, yVal)[1];
        System.out.printf("averaging K=5: val acc single %.4f averaged %.4f, loss %s%n", acc1, acc2,
                h.history().get("loss"));
        assertEquals(acc1, acc2, 0.01);
        assertEquals(single.optimizer().iterations(), averaged.optimizer().iterations());
    }

    @Test
    void autoFallsBackToAveragingWhenThereAreTooFewSlots() {
        Model m = Digits.mlp(2);
        m.compile("adam", "categorical_crossentropy", List.of("acc"));
        History h = new SparkTrainer(spark).mode(SparkTrainer.Mode.AUTO).numWorkers(3).batchSizePerWorker(8)
                .epochs(1).fit(m, Digits.frame(spark, 96), "features", "label");
        assertEquals(1, h.history().get("loss").size());
        assertEquals(4, m.optimizer().iterations());
    }

    private void check(Supplier<Optimizer> optimizer, String name) {
        int n = 1501; // 46 x 32 + 29: the last step splits 15 + 14; the other 296 digits validate
        INDArray all = Digits.x();
        INDArray allY = Utils.toCategorical(Digits.DATA.labels(), 10);
        INDArray x = all.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
        INDArray y = allY.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
        INDArray xVal = all.get(NDArrayIndex.interval(n, all.rows()), NDArrayIndex.all());
        INDArray yVal = allY.get(NDArrayIndex.interval(n, all.rows()), NDArrayIndex.all());

        Model single = Digits.mlp(11);
        single.compile(optimizer.get(), "categorical_crossentropy", List.of("acc"));
        History h1 = single.fit(x, y, new FitOptions().epochs(3).batchSize(32).shuffle(false).verbose(0));

        Model spread = Digits.mlp(11);
        spread.compile(optimizer.get(), "categorical_crossentropy", List.of("acc"));
        Dataset<Row> df = Digits.frame(spark, n);
        SparkTrainer trainer = new SparkTrainer(spark).numWorkers(2).batchSizePerWorker(16).epochs(3);
        History h2 = trainer.fit(spread, df, "features", "label");

        double maxDiff = 0;
        List<INDArray> a = single.getWeights();
        List<INDArray> b = spread.getWeights();
        for (int i = 0; i < a.size(); i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a.get(i).sub(b.get(i)).amaxNumber().doubleValue()));
        }
        double acc1 = single.evaluate(xVal, yVal)[1];
        double acc2 = spread.evaluate(xVal, yVal)[1];
        System.out.printf("%s: max |dw| = %.3g, val acc single %.4f spark %.4f, loss per epoch single %s spark %s, %s%n",
                name, maxDiff, acc1, acc2, h1.history().get("loss"), h2.history().get("loss"), trainer.lastTimings());
        assertTrue(maxDiff <= 1e-4, name + ": max |dw| = " + maxDiff);
        assertEquals(acc1, acc2, 0.005, name + " accuracy");
        assertEquals(3, h2.history().get("loss").size());
        for (int e = 0; e < 3; e++) {
            assertEquals(h1.history().get("loss").get(e), h2.history().get("loss").get(e), 1e-3, "epoch loss " + e);
        }
        // optimizer state came back too: one more step from each gives the same weights
        assertEquals(single.optimizer().iterations(), spread.optimizer().iterations());
        List<dev.athanor.core.Variable> s1 = single.optimizer().weights();
        List<dev.athanor.core.Variable> s2 = spread.optimizer().weights();
        assertEquals(s1.size(), s2.size());
        for (int i = 0; i < s1.size(); i++) {
            assertEquals(s1.get(i).name(), s2.get(i).name());
            assertTrue(s1.get(i).value().equalsWithEps(s2.get(i).value(), 1e-4), s1.get(i).name());
        }
    }
}
