package dev.athanor.spark;

import dev.athanor.core.Model;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * A trained Athanor model as a Spark ML {@code Transformer}: adds {@code outputCol} (the model's
 * output vector) and {@code predictionCol} (the index of the largest output, as Spark ML's
 * classifiers do) to a DataFrame, with the model broadcast once per {@link #transform}.
 *
 * <p>Saved with Spark ML's writer: Spark's metadata (class, uid, params) plus the Keras {@code .h5}
 * at {@code model/model.h5}. {@link #load} never instantiates a class the files name.
 */
public final class AthanorModel extends org.apache.spark.ml.Model<AthanorModel> implements MLWritable {

    private static final long serialVersionUID = 1L;
    static final String H5 = "model/model.h5";

    private final String uid;
    private final byte[] h5;
    private Param<String> featuresCol;
    private Param<String> outputCol;
    private Param<String> predictionCol;
    private IntParam batchSize;
    private transient Model model;

    /** A transformer around a model (its weights as they are now). */
    public AthanorModel(Model model) {
        this(Identifiable$.MODULE$.randomUID("athanorModel"), ModelBytes.of(model));
    }

    AthanorModel(String uid, byte[] h5) {
        this.uid = uid;
        this.h5 = h5;
        featuresCol = new Param<>(this, "featuresCol", "input column: vector or float/double array");
        outputCol = new Param<>(this, "outputCol", "column for the model's output vector");
        predictionCol = new Param<>(this, "predictionCol", "column for the index of the largest output; empty for none");
        batchSize = new IntParam(this, "batchSize", "rows per predict call");
        setDefault(featuresCol, "features");
        setDefault(outputCol, "output");
        setDefault(predictionCol, "prediction");
        setDefault(batchSize, 256);
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> featuresCol() { return featuresCol; }
    public Param<String> outputCol() { return outputCol; }
    public Param<String> predictionCol() { return predictionCol; }
    public IntParam batchSize() { return batchSize; }

    public AthanorModel setFeaturesCol(String v) { set(featuresCol, v); return this; }
    public AthanorModel setOutputCol(String v) { set(outputCol, v); return this; }
    public AthanorModel setPredictionCol(String v) { set(predictionCol, v); return this; }
    public AthanorModel setBatchSize(int v) { set(batchSize, v); return this; }

    /** The trained Athanor model (loaded on first use). */
    public synchronized Model model() {
        if (model == null) {
            model = ModelBytes.load(h5);
        }
        return model;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = SparkPredictor.schema(model(), dataset.schema(), $(featuresCol), $(outputCol), (Integer) $(batchSize));
        String argmax = $(predictionCol).isEmpty() ? null : $(predictionCol);
        if (argmax != null && dataset.schema().getFieldIndex(argmax).isDefined()) {
            throw new IllegalArgumentException("The prediction column '" + argmax + "' already exists; choose another"
                    + " name or setPredictionCol(\"\").");
        }
        Broadcast<byte[]> bytes = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext()).broadcast(h5);
        return SparkPredictor.predict(bytes, dataset.toDF(), $(featuresCol), $(outputCol), (Integer) $(batchSize),
                argmax, out);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        Rows.checkVectorColumn(schema, $(featuresCol), "features");
        return outputSchema(schema, $(outputCol), $(predictionCol));
    }

    static StructType outputSchema(StructType schema, String outputCol, String predictionCol) {
        StructType out = schema.add(outputCol, new VectorUDT(), false);
        return predictionCol.isEmpty() ? out : out.add(predictionCol, DataTypes.DoubleType, false);
    }

    @Override
    public AthanorModel copy(ParamMap extra) {
        AthanorModel copy = new AthanorModel(uid, h5);
        return copyValues(copy, extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    public static MLReader<AthanorModel> read() {
        return new Reader();
    }

    public static AthanorModel load(String path) {
        return read().load(path);
    }

    /** Spark's params metadata, then the {@code .h5}. */
    private static final class Writer extends MLWriter {
        private final AthanorModel instance;

        Writer(AthanorModel instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sc(), Option.empty(), Option.empty());
            Path file = new Path(path, H5);
            try {
                FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
                try (OutputStream out = fs.create(file, true)) {
                    out.write(instance.h5);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static final class Reader extends MLReader<AthanorModel> {
        @Override
        public AthanorModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sc(),
                    AthanorModel.class.getName());
            Path file = new Path(path, H5);
            byte[] bytes;
            try {
                FileSystem fs = file.getFileSystem(sc().hadoopConfiguration());
                if (!fs.exists(file)) {
                    throw new IOException("The saved AthanorModel at " + path + " has no " + H5
                            + ": the directory is incomplete or not an AthanorModel.");
                }
                try (InputStream in = fs.open(file)) {
                    bytes = in.readAllBytes();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
            }
            AthanorModel m = new AthanorModel(metadata.uid(), bytes);
            metadata.getAndSetParams(m, Option.empty());
            m.model(); // fail here, naming the file, if the .h5 is damaged
            return m;
        }
    }
}
