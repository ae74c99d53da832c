package dev.athanor.spark;

import dev.athanor.core.Model;
import dev.athanor.core.Seeds;
import dev.athanor.core.Sequential;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.LayerNames;
import dev.athanor.datasets.Datasets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The bundled digits as arrays and as a DataFrame (features vector, label double), and a small MLP. */
final class Digits {

    static final Datasets.Data DATA = Datasets.digits();

    private Digits() {
    }

    /** x, already scaled to [0, 1]. */
    static INDArray x() {
        return DATA.x();
    }

    static Dataset<Row> frame(SparkSession spark, int rows) {
        INDArray x = x();
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double[] v = x.getRow(i).toDoubleVector();
            out.add(RowFactory.create(Vectors.dense(v), (double) DATA.labels()[i]));
        }
        StructType schema = new StructType(new StructField[] {
            new StructField("features", new org.apache.spark.ml.linalg.VectorUDT(), false, Metadata.empty()),
            new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
        return spark.createDataFrame(out, schema).repartition(1);
    }

    /** A 64-32-10 MLP, the same initial weights for the same seed. */
    static Model mlp(long seed) {
        LayerNames.reset();
        Seeds.set(seed);
        Sequential m = new Sequential();
        m.add(new Dense(32).activation("relu").inputDim(64));
        m.add(new Dense(10).activation("softmax"));
        return m;
    }
}
