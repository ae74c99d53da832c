package dev.athanor.spark;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Reading feature and label cells from DataFrame rows, with errors that say what was wrong. */
final class Rows {

    private Rows() {
    }

    /** Checks that {@code column} exists and holds vectors or arrays of numbers. */
    static void checkVectorColumn(StructType schema, String column, String role) {
        DataType t = field(schema, column, role).dataType();
        if (!isVectorType(t)) {
            throw new IllegalArgumentException("The " + role + " column '" + column + "' has type " + t.simpleString()
                    + "; it must be a Spark ML vector (VectorAssembler's output) or an array of float/double."
                    + " Use VectorAssembler or cast the column.");
        }
    }

    /** Checks that {@code column} exists and holds a number, a vector or an array of numbers. */
    static void checkLabelColumn(StructType schema, String column) {
        DataType t = field(schema, column, "label").dataType();
        if (!(t instanceof NumericType) && !isVectorType(t)) {
            throw new IllegalArgumentException("The label column '" + column + "' has type " + t.simpleString()
                    + "; it must be numeric (a class index or a value), a Spark ML vector or an array of float/double.");
        }
    }

    static boolean isVectorType(DataType t) {
        if (t instanceof VectorUDT) {
            return true;
        }
        if (t instanceof ArrayType a) {
            return a.elementType().equals(DataTypes.FloatType) || a.elementType().equals(DataTypes.DoubleType);
        }
        return false;
    }

    private static StructField field(StructType schema, String column, String role) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(column)) {
                return f;
            }
        }
        throw new IllegalArgumentException("There is no " + role + " column '" + column + "'. The columns are "
                + List.of(schema.fieldNames()) + ".");
    }

    /** The cell as floats; {@code where} names the row for errors. */
    static float[] floats(Object cell, String column, String where) {
        if (cell == null) {
            throw new IllegalArgumentException("Column '" + column + "' is null in " + where + ".");
        }
        if (cell instanceof Vector v) {
            double[] d = v.toArray();
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            return f;
        }
        if (cell instanceof Number n) {
            return new float[] {n.floatValue()};
        }
        if (cell instanceof scala.collection.Seq<?> seq) {
            float[] f = new float[seq.size()];
            for (int i = 0; i < f.length; i++) {
                Object o = seq.apply(i);
                if (!(o instanceof Number n)) {
                    throw new IllegalArgumentException("Column '" + column + "' holds a non-number (" + o + ") in "
                            + where + ".");
                }
                f[i] = n.floatValue();
            }
            return f;
        }
        throw new IllegalArgumentException("Column '" + column + "' holds a " + cell.getClass().getSimpleName()
                + " in " + where + "; expected a vector or an array of numbers.");
    }

    /** Throws when a row's width differs from the model's. */
    static void checkWidth(float[] v, int expected, String column, String where, String what) {
        if (v.length != expected) {
            throw new IllegalArgumentException("Column '" + column + "' has " + v.length + " values in " + where
                    + " but " + what + " expects " + expected + ". Every row must have the same size.");
        }
    }

    static Object cell(Row row, String column) {
        return row.get(row.fieldIndex(column));
    }
}
