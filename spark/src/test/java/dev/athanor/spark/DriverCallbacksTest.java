package dev.athanor.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.callbacks.CSVLogger;
import dev.athanor.callbacks.EarlyStopping;
import dev.athanor.callbacks.LambdaCallback;
import dev.athanor.callbacks.LearningRateScheduler;
import dev.athanor.callbacks.ModelCheckpoint;
import dev.athanor.core.History;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.losses.Utils;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Callbacks, validation and the progress bar run on the driver after every epoch of distributed training. */
class DriverCallbacksTest {

    static SparkSession spark;
    static Dataset<Row> df;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("callbacks");
        df = Digits.frame(spark, 320).cache(); // 10 steps of 2 x 16 per epoch
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Model model() {
        Model m = Digits.mlp(31);
        m.compile("adam", "categorical_crossentropy", List.of("acc"));
        return m;
    }

    @Test
    void earlyStoppingStopsTheRemainingEpochs() {
        Model m = model();
        // no epoch improves the loss by 10: the second epoch runs out the patience of 1
        EarlyStopping stop = new EarlyStopping().monitor("loss").minDelta(10).patience(1);
        // the rate the scheduler sets on the driver reaches the executors: 0 from the second epoch on
        LearningRateScheduler zero = new LearningRateScheduler((epoch, lr) -> epoch == 0 ? lr : 0.0);
        List<INDArray> afterFirst = new ArrayList<>();
        LambdaCallback keep = new LambdaCallback().onEpochEnd((epoch, logs) -> {
            if (epoch == 0) {
                m.getWeights().forEach(w -> afterFirst.add(w.dup()));
            }
        });
        History h = new SparkTrainer(spark).numWorkers(2).batchSizePerWorker(16).epochs(5)
                .callbacks(zero, keep, stop).fit(m, df, "features", "label");
        assertEquals(2, h.history().get("loss").size());
        assertEquals(1, stop.stoppedEpoch());
        assertEquals(20, m.optimizer().iterations(), "epochs 3 to 5 never ran");
        assertEquals(afterFirst, m.getWeights(), "the second epoch ran with learning rate 0");
        assertEquals(0.0, m.optimizer().learningRate());
    }

    @Test
    void modelCheckpointAndCsvLoggerSeeEachEpoch(@TempDir Path dir) throws Exception {
        Model m = model();
        ModelCheckpoint ckpt = new ModelCheckpoint(dir.resolve("m-{epoch:02d}.h5").toString());
        CSVLogger csv = new CSVLogger(dir.resolve("log.csv").toString());
        INDArray xVal = Digits.x().get(NDArrayIndex.interval(1500, 1797), NDArrayIndex.all());
        INDArray yVal = Utils.toCategorical(Digits.DATA.labels(), 10)
                .get(NDArrayIndex.interval(1500, 1797), NDArrayIndex.all());
        long t0 = System.nanoTime();
        History h = new SparkTrainer(spark).numWorkers(2).batchSizePerWorker(16).epochs(2).callbacks(ckpt, csv)
                .validationData(xVal, yVal).fit(m, df, "features", "label");
        long perEpochStages = System.nanoTime() - t0;
        // epoch 2's checkpoint is the final model; epoch 1's holds the weights after one epoch
        Model second = Models.load(dir.resolve("m-02.h5"));
        Model first = Models.load(dir.resolve("m-01.h5"));
        for (int i = 0; i < m.getWeights().size(); i++) {
            assertEquals(m.getWeights().get(i), second.getWeights().get(i), "weight " + i);
        }
        assertFalse(m.getWeights().get(0).equals(first.getWeights().get(0)));
        assertEquals(10, first.optimizer().iterations());
        assertEquals(List.of("loss", "acc", "val_loss", "val_acc"), List.copyOf(h.history().keySet()));
        assertEquals(m.evaluate(xVal, yVal)[1], h.history().get("val_acc").get(1), 1e-9);
        List<String> lines = Files.readAllLines(dir.resolve("log.csv"));
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).contains("val_acc") && lines.get(2).startsWith("1,"), String.join("\n", lines));

        Model once = model();
        t0 = System.nanoTime();
        new SparkTrainer(spark).numWorkers(2).batchSizePerWorker(16).epochs(2).fit(once, df, "features", "label");
        long oneStage = System.nanoTime() - t0;
        System.out.printf("2 epochs: one stage per epoch with callbacks and validation %.2f s, one stage %.2f s%n",
                perEpochStages / 1e9, oneStage / 1e9);
        for (int i = 0; i < m.getWeights().size(); i++) {
            assertEquals(m.getWeights().get(i), once.getWeights().get(i), "per-epoch stages change nothing: " + i);
        }
    }

    @Test
    void theProgressBarPrintsOnTheDriver() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new SparkTrainer(spark).numWorkers(2).batchSizePerWorker(16).epochs(2).verbose(1).out(out)
                .fit(model(), df, "features", "label");
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Epoch 1/2\n10/10 [==============================] - "), text);
        assertTrue(text.contains("\nEpoch 2/2\n") && text.contains("ms/step - loss: ") && text.contains(" - acc: "),
                text);
        bytes.reset();
        new SparkTrainer(spark).numWorkers(2).batchSizePerWorker(16).epochs(1).verbose(2).out(out)
                .fit(model(), df, "features", "label");
        text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.matches("Epoch 1/1 - \\d+s \\d+ms/step - loss: \\d\\.\\d{4} - acc: \\d\\.\\d{4}\n"), text);
    }
}
