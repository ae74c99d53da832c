package dev.athanor.spark;

import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.Optimizer;
import dev.athanor.core.Seeds;
import dev.athanor.core.layers.LayerNames;
import dev.athanor.core.registry.Registries;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link Estimator} that trains an Athanor model with {@link SparkTrainer}: the
 * architecture as Keras model JSON, compile settings by name, fit settings, and the features and
 * label columns. {@link #fit} returns an {@link AthanorModel} (a {@code Transformer}); both save
 * and load with Spark ML's writers, so they work inside a {@code Pipeline}.
 *
 * <pre>{@code
 * AthanorEstimator est = new AthanorEstimator().setModelJson(model.toJson())
 *         .setOptimizer("adam").setLoss("categorical_crossentropy").setMetrics(new String[] {"acc"})
 *         .setEpochs(5).setBatchSizePerWorker(32).setNumWorkers(2).setFeaturesCol("scaled");
 * PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {scaler, est}).fit(train);
 * }</pre>
 */
public final class AthanorEstimator extends Estimator<AthanorModel> implements DefaultParamsWritable {

    private static final long serialVersionUID = 1L;

    private final String uid;
    private Param<String> modelJson;
    private Param<String> optimizer;
    private DoubleParam learningRate;
    private Param<String> loss;
    private StringArrayParam metrics;
    private Param<String> featuresCol;
    private Param<String> labelCol;
    private Param<String> outputCol;
    private Param<String> predictionCol;
    private IntParam epochs;
    private IntParam batchSizePerWorker;
    private IntParam numWorkers;
    private LongParam seed;
    private BooleanParam shuffle;

    public AthanorEstimator() {
        this(Identifiable$.MODULE$.randomUID("athanorEstimator"));
    }

    public AthanorEstimator(String uid) {
        this.uid = uid;
        modelJson = new Param<>(this, "modelJson", "the model's architecture as Keras model JSON (model.toJson())");
        optimizer = new Param<>(this, "optimizer", "optimizer name, with Keras's defaults (e.g. adam, sgd)");
        learningRate = new DoubleParam(this, "learningRate", "learning rate; NaN keeps the optimizer's default");
        loss = new Param<>(this, "loss", "loss name (e.g. categorical_crossentropy)");
        metrics = new StringArrayParam(this, "metrics", "metric names (e.g. acc)");
        featuresCol = new Param<>(this, "featuresCol", "features column: vector or float/double array");
        labelCol = new Param<>(this, "labelCol", "label column: class index, vector or array");
        outputCol = new Param<>(this, "outputCol", "column for the model's output vector");
        predictionCol = new Param<>(this, "predictionCol", "column for the index of the largest output");
        epochs = new IntParam(this, "epochs", "epochs to train");
        batchSizePerWorker = new IntParam(this, "batchSizePerWorker", "rows per worker per step");
        numWorkers = new IntParam(this, "numWorkers", "barrier tasks (replicas)");
        seed = new LongParam(this, "seed", "seed for weight initialisation and shuffling");
        shuffle = new BooleanParam(this, "shuffle", "whether each worker shuffles its rows every epoch");
        setDefault(optimizer, "adam");
        setDefault(learningRate, Double.NaN);
        setDefault(metrics, new String[0]);
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(outputCol, "output");
        setDefault(predictionCol, "prediction");
        setDefault(epochs, 1);
        setDefault(batchSizePerWorker, 32);
        setDefault(numWorkers, 2);
        setDefault(seed, 0L);
        setDefault(shuffle, false);
    }

    @Override
    public String uid() {
        return uid;
    }

    // Spark ML discovers params through public no-argument methods returning a Param.
    public Param<String> modelJson() { return modelJson; }
    public Param<String> optimizer() { return optimizer; }
    public DoubleParam learningRate() { return learningRate; }
    public Param<String> loss() { return loss; }
    public StringArrayParam metrics() { return metrics; }
    public Param<String> featuresCol() { return featuresCol; }
    public Param<String> labelCol() { return labelCol; }
    public Param<String> outputCol() { return outputCol; }
    public Param<String> predictionCol() { return predictionCol; }
    public IntParam epochs() { return epochs; }
    public IntParam batchSizePerWorker() { return batchSizePerWorker; }
    public IntParam numWorkers() { return numWorkers; }
    public LongParam seed() { return seed; }
    public BooleanParam shuffle() { return shuffle; }

    public AthanorEstimator setModelJson(String v) { set(modelJson, v); return this; }
    public AthanorEstimator setOptimizer(String v) { set(optimizer, v); return this; }
    public AthanorEstimator setLearningRate(double v) { set(learningRate, v); return this; }
    public AthanorEstimator setLoss(String v) { set(loss, v); return this; }
    public AthanorEstimator setMetrics(String[] v) { set(metrics, v); return this; }
    public AthanorEstimator setFeaturesCol(String v) { set(featuresCol, v); return this; }
    public AthanorEstimator setLabelCol(String v) { set(labelCol, v); return this; }
    public AthanorEstimator setOutputCol(String v) { set(outputCol, v); return this; }
    public AthanorEstimator setPredictionCol(String v) { set(predictionCol, v); return this; }
    public AthanorEstimator setEpochs(int v) { set(epochs, v); return this; }
    public AthanorEstimator setBatchSizePerWorker(int v) { set(batchSizePerWorker, v); return this; }
    public AthanorEstimator setNumWorkers(int v) { set(numWorkers, v); return this; }
    public AthanorEstimator setSeed(long v) { set(seed, v); return this; }
    public AthanorEstimator setShuffle(boolean v) { set(shuffle, v); return this; }

    @Override
    public AthanorModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Model model = build();
        new SparkTrainer(dataset.sparkSession()).numWorkers((Integer) $(numWorkers))
                .batchSizePerWorker((Integer) $(batchSizePerWorker)).epochs((Integer) $(epochs))
                .seed((Long) $(seed)).shuffle((Boolean) $(shuffle))
                .fit(model, dataset.toDF(), $(featuresCol), $(labelCol));
        AthanorModel fitted = new AthanorModel(uid, ModelBytes.of(model));
        fitted.setFeaturesCol($(featuresCol)).setOutputCol($(outputCol)).setPredictionCol($(predictionCol));
        return fitted.setParent(this);
    }

    /** The compiled model this estimator trains: fresh weights drawn from the seed. */
    Model build() {
        if (!isDefined(modelJson) || !isDefined(loss)) {
            throw new IllegalArgumentException("AthanorEstimator needs setModelJson(model.toJson()) and setLoss(name)"
                    + " before fit.");
        }
        LayerNames.reset();
        Seeds.set((Long) $(seed));
        Model model = Models.fromJson($(modelJson));
        Optimizer opt = Registries.defaults().optimizers().create($(optimizer));
        double lr = (Double) $(learningRate);
        if (!Double.isNaN(lr)) {
            opt.setLearningRate(lr);
        }
        model.compile(opt, $(loss), List.of((String[]) $(metrics)));
        return model;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        Rows.checkVectorColumn(schema, $(featuresCol), "features");
        Rows.checkLabelColumn(schema, $(labelCol));
        return AthanorModel.outputSchema(schema, $(outputCol), $(predictionCol));
    }

    @Override
    public AthanorEstimator copy(ParamMap extra) {
        return (AthanorEstimator) defaultCopy(extra);
    }

    public static MLReader<AthanorEstimator> read() {
        return new DefaultParamsReader<>();
    }

    public static AthanorEstimator load(String path) {
        return read().load(path);
    }
}
