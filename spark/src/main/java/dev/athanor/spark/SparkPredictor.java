package dev.athanor.spark;

import dev.athanor.core.Model;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Distributed inference: the model is broadcast once (as {@code .h5} bytes), every partition runs
 * {@code model.predict} on batches of its rows, and the outputs become a new vector column.
 *
 * <pre>{@code
 * Dataset<Row> scored = SparkPredictor.predict(model, df, "features", "output", 256);
 * }</pre>
 */
public final class SparkPredictor {

    private SparkPredictor() {
    }

    /**
     * {@code data} with one more column, {@code outputCol}: the model's output for the vector or
     * float/double array in {@code inputCol}, as a Spark ML vector. Rows keep their order.
     */
    public static Dataset<Row> predict(Model model, Dataset<Row> data, String inputCol, String outputCol, int batchSize) {
        StructType out = schema(model, data.schema(), inputCol, outputCol, batchSize);
        SparkSession spark = data.sparkSession();
        Broadcast<byte[]> bytes = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(ModelBytes.of(model));
        return predict(bytes, data, inputCol, outputCol, batchSize, null, out);
    }

    /** Checks the columns and returns the output schema. */
    static StructType schema(Model model, StructType in, String inputCol, String outputCol, int batchSize) {
        if (model.inputs().size() != 1 || model.outputs().size() != 1) {
            throw new IllegalArgumentException("SparkPredictor runs models with one input and one output; model '"
                    + model.name() + "' has " + model.inputs().size() + " inputs and " + model.outputs().size() + ".");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize + ".");
        }
        Rows.checkVectorColumn(in, inputCol, "input");
        if (List.of(in.fieldNames()).contains(outputCol)) {
            throw new IllegalArgumentException("The output column '" + outputCol + "' already exists; choose another name.");
        }
        return in.add(outputCol, new VectorUDT(), false);
    }

    /**
     * The shared body: {@code argmaxCol}, when not null, also gets the index of the largest output
     * (Spark ML's {@code prediction}).
     */
    static Dataset<Row> predict(Broadcast<byte[]> bytes, Dataset<Row> data, String inputCol, String outputCol,
            int batchSize, String argmaxCol, StructType outSchema) {
        StructType schema = argmaxCol == null ? outSchema : outSchema.add(argmaxCol, DataTypes.DoubleType, false);
        int inputIndex = data.schema().fieldIndex(inputCol);
        JavaRDD<Row> rows = data.toJavaRDD().mapPartitionsWithIndex((part, it) -> {
            Model model = BroadcastModels.get(bytes);
            long width = model.inputs().get(0).shape()[1];
            return new Batched(it, model, Math.toIntExact(width), inputIndex, inputCol, batchSize, part,
                    argmaxCol != null);
        }, true);
        return data.sparkSession().createDataFrame(rows, schema);
    }

    /** Reads {@code batchSize} rows, predicts them at once, hands them out with their outputs. */
    private static final class Batched implements Iterator<Row> {
        private final Iterator<Row> in;
        private final Model model;
        private final int width;
        private final int inputIndex;
        private final String inputCol;
        private final int batchSize;
        private final int partition;
        private final boolean argmax;
        private final List<Row> pending = new ArrayList<>();
        private INDArray outputs;
        private int next;
        private long seen;

        Batched(Iterator<Row> in, Model model, int width, int inputIndex, String inputCol, int batchSize,
                int partition, boolean argmax) {
            this.in = in;
            this.model = model;
            this.width = width;
            this.inputIndex = inputIndex;
            this.inputCol = inputCol;
            this.batchSize = batchSize;
            this.partition = partition;
            this.argmax = argmax;
        }

        @Override
        public boolean hasNext() {
            return next < pending.size() || in.hasNext();
        }

        @Override
        public Row next() {
            if (next >= pending.size()) {
                fill();
            }
            Row row = pending.get(next);
            INDArray o = outputs.getRow(next);
            next++;
            Object[] values = new Object[row.size() + (argmax ? 2 : 1)];
            for (int i = 0; i < row.size(); i++) {
                values[i] = row.get(i);
            }
            double[] v = o.toDoubleVector();
            values[row.size()] = Vectors.dense(v);
            if (argmax) {
                values[row.size() + 1] = (double) o.argMax().getInt(0);
            }
            return RowFactory.create(values);
        }

        private void fill() {
            if (!in.hasNext()) {
                throw new NoSuchElementException();
            }
            pending.clear();
            next = 0;
            List<float[]> xs = new ArrayList<>();
            while (in.hasNext() && xs.size() < batchSize) {
                Row r = in.next();
                String where = "row " + seen + " of partition " + partition;
                float[] x = Rows.floats(r.get(inputIndex), inputCol, where);
                Rows.checkWidth(x, width, inputCol, where, "the model's input");
                seen++;
                pending.add(r);
                xs.add(x);
            }
            float[] flat = new float[xs.size() * width];
            for (int i = 0; i < xs.size(); i++) {
                System.arraycopy(xs.get(i), 0, flat, i * width, width);
            }
            INDArray x = Nd4j.create(flat, new long[] {xs.size(), width}, DataType.FLOAT);
            INDArray y = model.predict(x, batchSize);
            outputs = y.rank() == 2 ? y : y.reshape(y.size(0), -1);
        }
    }
}
