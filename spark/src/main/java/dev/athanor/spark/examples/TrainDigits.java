package dev.athanor.spark.examples;

import dev.athanor.core.Seeds;
import dev.athanor.core.Sequential;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.LayerNames;
import dev.athanor.datasets.Datasets;
import dev.athanor.spark.AthanorEstimator;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Trains a 64-128-10 MLP on the bundled digits across {@code numWorkers} Spark tasks inside a Spark
 * ML Pipeline (StandardScaler, then {@link AthanorEstimator}), prints the held-out accuracy and
 * saves the fitted pipeline.
 *
 * <pre>
 * spark-submit --class dev.athanor.spark.examples.TrainDigits --master spark://host:7077 \
 *   --jars athanor.jar athanor-spark.jar [numWorkers] [epochs] [outputDir]
 * </pre>
 */
public final class TrainDigits {

    private TrainDigits() {
    }

    public static void main(String[] args) {
        int workers = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String out = args.length > 2 ? args[2] : "athanor-digits-pipeline";
        SparkSession spark = SparkSession.builder().appName("athanor-digits").getOrCreate();

        Dataset<Row> all = digits(spark);
        Dataset<Row>[] parts = all.randomSplit(new double[] {0.8, 0.2}, 7);

        LayerNames.reset();
        Seeds.set(7);
        Sequential model = new Sequential();
        model.add(new Dense(128).activation("relu").inputDim(64));
        model.add(new Dense(10).activation("softmax"));

        AthanorEstimator estimator = new AthanorEstimator().setModelJson(model.toJson())
                .setOptimizer("adam").setLearningRate(1e-3).setLoss("categorical_crossentropy")
                .setMetrics(new String[] {"acc"}).setEpochs(epochs).setBatchSizePerWorker(32)
                .setNumWorkers(workers).setShuffle(true).setSeed(7).setFeaturesCol("scaled");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new StandardScaler().setInputCol("features").setOutputCol("scaled"), estimator});

        PipelineModel fitted = pipeline.fit(parts[0]);
        double acc = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(fitted.transform(parts[1]));
        System.out.printf("held-out accuracy: %.4f (%d workers, %d epochs)%n", acc, workers, epochs);
        try {
            fitted.write().overwrite().save(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot save the pipeline to " + out, e);
        }
        System.out.println("pipeline saved to " + out);
        spark.stop();
    }

    /** The digits bundled in athanor-datasets (UCI, CC BY 4.0), as (features vector, label). */
    private static Dataset<Row> digits(SparkSession spark) {
        Datasets.Data d = Datasets.digits();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < d.labels().length; i++) {
            rows.add(RowFactory.create(Vectors.dense(d.x().getRow(i).toDoubleVector()), (double) d.labels()[i]));
        }
        StructType schema = new StructType(new StructField[] {
            new StructField("features", new VectorUDT(), false, Metadata.empty()),
            new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
        return spark.createDataFrame(rows, schema);
    }
}
