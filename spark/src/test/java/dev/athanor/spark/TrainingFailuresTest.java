package dev.athanor.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.History;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A failed worker is retried with the stage; bad input fails with a message that says what to fix. */
class TrainingFailuresTest {

    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("failures");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Model model() {
        Model m = Digits.mlp(21);
        m.compile("adam", "categorical_crossentropy", List.of("acc"));
        return m;
    }

    @Test
    void aFailedWorkerIsRetriedWithItsStageAndTheResultIsUnchanged() {
        Dataset<Row> df = Digits.frame(spark, 320);
        Model clean = model();
        new SparkTrainer(spark).numWorkers(2).batchSizePerWorker(16).epochs(2).fit(clean, df, "features", "label");
        Model faulted = model();
        // rank 1 throws at step 3 of the stage's first attempt; Spark reruns the whole barrier stage
        new SparkTrainer(spark).numWorkers(2).batchSizePerWorker(16).epochs(2).failRankOnFirstAttempt(1)
                .fit(faulted, df, "features", "label");
        List<INDArray> a = clean.getWeights();
        List<INDArray> b = faulted.getWeights();
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i), b.get(i), "weight " + i);
        }
        assertEquals(clean.optimizer().iterations(), faulted.optimizer().iterations());
    }

    @Test
    void aRetriedStageResumesFromTheLatestCheckpoint(@TempDir Path dir) throws Exception {
        Dataset<Row> df = Digits.frame(spark, 320); // 10 steps per epoch
        Model clean = model();
        History h1 = new SparkTrainer(spark).numWorkers(2).batchSizePerWorker(16).epochs(3)
                .fit(clean, df, "features", "label");
        Model faulted = model();
        // rank 0 checkpoints after every epoch; rank 1 throws in the third epoch of the first attempt
        SparkTrainer trainer = new SparkTrainer(spark).numWorkers(2).batchSizePerWorker(16).epochs(3)
                .checkpointEvery(1).checkpointDir(dir.toString()).failRankOnFirstAttempt(1, 2);
        History h2 = trainer.fit(faulted, df, "features", "label");
        assertEquals(1, trainer.lastResult().resumedAfterEpoch(), "the retry resumed after epoch 2 (index 1)");
        assertEquals(10, trainer.lastResult().steps(), "the retry trained only the third epoch");
        List<INDArray> a = clean.getWeights();
        List<INDArray> b = faulted.getWeights();
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i), b.get(i), "weight " + i);
        }
        assertEquals(clean.optimizer().iterations(), faulted.optimizer().iterations());
        assertEquals(h1.history().get("loss"), h2.history().get("loss"));
        assertEquals(h1.history().get("acc"), h2.history().get("acc"));
        // only the latest checkpoint is kept, and it is a Keras .h5 of the final state
        List<Path> jobs;
        try (var s = Files.list(dir)) {
            jobs = s.toList();
        }
        assertEquals(1, jobs.size());
        List<String> files;
        try (var s = Files.list(jobs.get(0))) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of("epoch-0002.h5", "epoch-0002.logs"), files);
        Model last = Models.load(jobs.get(0).resolve("epoch-0002.h5"));
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i), last.getWeights().get(i), "checkpointed weight " + i);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SparkTrainer(spark)
                .checkpointEvery(2).fit(model(), df, "features", "label"));
        assertTrue(e.getMessage().contains("checkpointDir is not"), e.getMessage());
    }

    @Test
    void moreWorkersThanSlotsNamesTheSetting() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SparkTrainer(spark).numWorkers(3)
                .fit(model(), Digits.frame(spark, 64), "features", "label"));
        assertTrue(e.getMessage().contains("only 2 task slots") && e.getMessage().contains("spark.default.parallelism"),
                e.getMessage());
    }

    @Test
    void aRowOfTheWrongWidthNamesTheRowAndBothSizes() {
        List<Row> rows = new java.util.ArrayList<>(Digits.frame(spark, 40).collectAsList());
        rows.set(7, org.apache.spark.sql.RowFactory.create(new org.apache.spark.ml.linalg.DenseVector(new double[5]), 1.0));
        Dataset<Row> df = spark.createDataFrame(rows, Digits.frame(spark, 1).schema());
        Exception e = assertThrows(Exception.class, () -> new SparkTrainer(spark).numWorkers(2).batchSizePerWorker(4)
                .fit(model(), df, "features", "label"));
        String m = InferenceAndPipelineTest.messages(e);
        assertTrue(m.contains("has 5 values in row 7 but the model's input expects 64"), m);
    }

    @Test
    void labelsAndColumnsOfTheWrongKindAreRefused() {
        Dataset<Row> df = Digits.frame(spark, 40);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SparkTrainer(spark)
                .fit(model(), df.withColumn("label", functions.col("label").cast("string")), "features", "label"));
        assertTrue(e.getMessage().contains("label column 'label' has type string"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SparkTrainer(spark)
                .fit(model(), df, "label", "label"));
        assertTrue(e.getMessage().contains("features column 'label' has type double"), e.getMessage());
        Exception bad = assertThrows(Exception.class, () -> new SparkTrainer(spark).batchSizePerWorker(4)
                .fit(model(), df.withColumn("label", functions.lit(12.0)), "features", "label"));
        String m = InferenceAndPipelineTest.messages(bad);
        assertTrue(m.contains("Label 12.0 in row 0 is not a class index in [0, 10)"), m);
        Model uncompiled = Digits.mlp(1);
        IllegalStateException s = assertThrows(IllegalStateException.class,
                () -> new SparkTrainer(spark).fit(uncompiled, df, "features", "label"));
        assertTrue(s.getMessage().contains("not compiled"), s.getMessage());
    }
}
