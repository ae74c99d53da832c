package dev.athanor.core.ops;

import dev.athanor.core.Internal;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Copies between ND4J arrays and Java {@code double[]} (C order), for small fused ops computed in
 * Java: one bulk copy costs far less than the tens of microseconds of each ND4J op they replace.
 */
@Internal
public final class HostArrays {

    private HostArrays() {
    }

    /** The elements in C order, as doubles. */
    static double[] read(INDArray a) {
        int n = Math.toIntExact(a.length());
        INDArray c = a.ordering() == 'c' && !a.isView() && a.offset() == 0 && a.data().length() == n ? a : a.dup('c');
        double[] out = new double[n];
        if (c.dataType() == DataType.DOUBLE) {
            c.data().asNioDouble().get(0, out, 0, n);
        } else if (c.dataType() == DataType.FLOAT) {
            float[] f = new float[n];
            c.data().asNioFloat().get(0, f, 0, n);
            for (int i = 0; i < n; i++) {
                out[i] = f[i];
            }
        } else {
            return c.castTo(DataType.DOUBLE).data().asDouble();
        }
        return out;
    }

    /** A new array of this shape and type holding {@code values} (C order). */
    static INDArray write(double[] values, long[] shape, DataType type) {
        if (shape.length == 0) {
            return Nd4j.scalar(type, values[0]);
        }
        if (type == DataType.DOUBLE) {
            return Nd4j.create(values, shape, DataType.DOUBLE);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return Nd4j.create(f, shape, DataType.FLOAT).castTo(type);
    }
}
