package dev.athanor.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.FitOptions;
import dev.athanor.core.Model;
import dev.athanor.losses.Utils;
import dev.athanor.optimizers.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Distributed predict over a DataFrame column, and the Spark ML stages in a Pipeline. */
class InferenceAndPipelineTest {

    static SparkSession spark;
    static Model trained;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("inference");
        trained = Digits.mlp(3);
        trained.compile(new Adam().learningRate(1e-2), "categorical_crossentropy", List.of("acc"));
        trained.fit(Digits.x(), Utils.toCategorical(Digits.DATA.labels(), 10),
                new FitOptions().epochs(2).batchSize(64).verbose(0).seed(3));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void predictionsOverADataFrameEqualModelPredict() {
        int n = 301;
        Dataset<Row> df = Digits.frame(spark, n).repartition(3);
        Dataset<Row> scored = SparkPredictor.predict(trained, df, "features", "out", 7);
        assertEquals(List.of("features", "label", "out"), List.of(scored.columns()));
        List<Row> rows = scored.collectAsList();
        assertEquals(n, rows.size());
        INDArray x = Digits.x();
        double maxDiff = 0;
        for (Row r : rows) {
            double[] feats = ((Vector) r.get(0)).toArray();
            INDArray xi = org.nd4j.linalg.factory.Nd4j.create(feats, new long[] {1, 64}).castTo(x.dataType());
            double[] expected = trained.predict(xi).toDoubleVector();
            double[] got = ((Vector) r.get(2)).toArray();
            assertEquals(10, got.length);
            for (int k = 0; k < 10; k++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[k] - got[k]));
            }
        }
        assertTrue(maxDiff < 1e-6, "max |dp| = " + maxDiff);
    }

    @Test
    void arrayOfDoublesColumnsWorkAndWrongWidthsNameTheRow() {
        StructType schema = new StructType(new StructField[] {
            new StructField("x", DataTypes.createArrayType(DataTypes.DoubleType), false, Metadata.empty())});
        INDArray x = Digits.x();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(RowFactory.create(toList(x.getRow(i).toDoubleVector())));
        }
        Dataset<Row> df = spark.createDataFrame(rows, schema).coalesce(1);
        List<Row> out = SparkPredictor.predict(trained, df, "x", "p", 2).collectAsList();
        INDArray expected = trained.predict(x.get(NDArrayIndex.interval(0, 5), NDArrayIndex.all()));
        for (int i = 0; i < 5; i++) {
            double[] got = ((Vector) out.get(i).get(1)).toArray();
            for (int k = 0; k < 10; k++) {
                assertEquals(expected.getDouble(i, k), got[k], 1e-6);
            }
        }
        rows.add(RowFactory.create(toList(new double[63])));
        Dataset<Row> bad = spark.createDataFrame(rows, schema).coalesce(1);
        Exception e = assertThrows(Exception.class, () -> SparkPredictor.predict(trained, bad, "x", "p", 2).collectAsList());
        String m = messages(e);
        assertTrue(m.contains("row 5 of partition 0") && m.contains("63") && m.contains("64"), m);
    }

    @Test
    void aColumnOfTheWrongTypeIsRefusedOnTheDriver() {
        Dataset<Row> df = Digits.frame(spark, 3).selectExpr("cast(label as string) as s", "features");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkPredictor.predict(trained, df, "s", "p", 4));
        assertTrue(e.getMessage().contains("'s' has type string"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparkPredictor.predict(trained, df, "nope", "p", 4));
        assertTrue(e.getMessage().contains("[s, features]"), e.getMessage());
    }

    @Test
    void aPipelineWithASparkScalerFitsSavesLoadsAndTransforms(@TempDir Path dir) throws Exception {
        Dataset<Row> train = Digits.frame(spark, 1200);
        Dataset<Row> test = Digits.frame(spark, 1797).offset(1200);
        StandardScaler scaler = new StandardScaler().setInputCol("features").setOutputCol("scaled");
        AthanorEstimator est = new AthanorEstimator().setModelJson(Digits.mlp(5).toJson())
                .setOptimizer("adam").setLearningRate(0.01).setLoss("categorical_crossentropy")
                .setMetrics(new String[] {"acc"}).setEpochs(5).setShuffle(true).setBatchSizePerWorker(16).setNumWorkers(2)
                .setSeed(5).setFeaturesCol("scaled");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {scaler, est});
        PipelineModel fitted = pipeline.fit(train);
        Dataset<Row> scored = fitted.transform(test);
        double acc = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(scored);
        assertTrue(acc > 0.85, "test accuracy " + acc);

        String path = dir.resolve("pipeline").toString();
        fitted.write().save(path);
        assertTrue(Files.exists(dir.resolve("pipeline/stages/1_" + fitted.stages()[1].uid() + "/model/model.h5")));
        PipelineModel loaded = PipelineModel.load(path);
        List<Row> a = scored.select("output").collectAsList();
        List<Row> b = loaded.transform(test).select("output").collectAsList();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(((Vector) a.get(i).get(0)), ((Vector) b.get(i).get(0)));
        }
        AthanorModel stage = (AthanorModel) loaded.stages()[1];
        assertEquals("scaled", stage.getOrDefault(stage.featuresCol()));

        // the unfitted pipeline round-trips too
        pipeline.write().save(dir.resolve("unfitted").toString());
        AthanorEstimator again = (AthanorEstimator) Pipeline.load(dir.resolve("unfitted").toString()).getStages()[1];
        assertEquals(est.getOrDefault(est.modelJson()), again.getOrDefault(again.modelJson()));
        assertEquals(5, again.getOrDefault(again.epochs()));
        System.out.printf("pipeline: test accuracy %.4f%n", acc);
    }

    @Test
    void aDamagedSavedModelFailsNamingTheFile(@TempDir Path dir) throws Exception {
        AthanorModel m = new AthanorModel(trained);
        String path = dir.resolve("m").toString();
        m.write().save(path);
        Path h5 = dir.resolve("m/" + AthanorModel.H5);
        byte[] bytes = Files.readAllBytes(h5);
        Files.write(h5, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        Exception e = assertThrows(Exception.class, () -> AthanorModel.load(path));
        assertTrue(messages(e).contains("model"), messages(e));
        Files.delete(h5);
        e = assertThrows(Exception.class, () -> AthanorModel.load(path));
        assertTrue(messages(e).contains("has no model/model.h5"), messages(e));
    }

    static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append(" | ");
        }
        return sb.toString();
    }

    private static scala.collection.immutable.Seq<Double> toList(double[] v) {
        List<Double> l = new ArrayList<>();
        for (double d : v) {
            l.add(d);
        }
        return scala.jdk.javaapi.CollectionConverters.asScala(l).toList();
    }
}
