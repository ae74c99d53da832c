package dev.athanor.core.ops;

import dev.athanor.core.Internal;

import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Ops that move values around: reshape, permute, slice, concat, gather. */
@Internal
public final class ShapeOps {

    private ShapeOps() {
    }

    public static Tensor reshape(Tensor t, long... shape) {
        INDArray x = t.value();
        long[] original = x.shape();
        INDArray out;
        try {
            out = x.reshape('c', shape);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot reshape " + Arrays.toString(original) + " to "
                    + Arrays.toString(shape) + ": sizes differ.", e);
        }
        return Tensor.result(out, "reshape", g -> new INDArray[] {g.reshape('c', original)}, t);
    }

    public static Tensor permute(Tensor t, int... axes) {
        INDArray x = t.value();
        int[] inverse = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            inverse[axes[i]] = i;
        }
        return Tensor.result(x.permute(axes).dup('c'), "permute",
                g -> new INDArray[] {g.permute(inverse).dup('c')}, t);
    }

    private static INDArrayIndex[] along(int rank, int axis, INDArrayIndex idx) {
        INDArrayIndex[] all = new INDArrayIndex[rank];
        for (int i = 0; i < rank; i++) {
            all[i] = i == axis ? idx : NDArrayIndex.all();
        }
        return all;
    }

    public static Tensor slice(Tensor t, int axis, long from, long to) {
        INDArray x = t.value();
        int ax = Shapes.axis(axis, x.rank());
        if (from < 0 || to > x.size(ax) || from >= to) {
            throw new IllegalArgumentException("Slice [" + from + ", " + to + ") is out of range for axis "
                    + axis + " of size " + x.size(ax) + ".");
        }
        INDArrayIndex[] idx = along(x.rank(), ax, NDArrayIndex.interval(from, to));
        INDArray out = x.get(idx).dup('c');
        return Tensor.result(out, "slice", g -> {
            INDArray full = Nd4j.zeros(g.dataType(), x.shape());
            full.put(idx, g);
            return new INDArray[] {full};
        }, t);
    }

    public static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat needs at least one tensor.");
        }
        int ax = Shapes.axis(axis, parts[0].rank());
        INDArray[] values = new INDArray[parts.length];
        long[] offsets = new long[parts.length + 1];
        for (int i = 0; i < parts.length; i++) {
            values[i] = parts[i].value();
            offsets[i + 1] = offsets[i] + values[i].size(ax);
        }
        INDArray out = Nd4j.concat(ax, values);
        return Tensor.result(out, "concat", g -> {
            INDArray[] grads = new INDArray[parts.length];
            for (int i = 0; i < parts.length; i++) {
                if (parts[i].requiresGrad()) {
                    grads[i] = g.get(along(g.rank(), ax, NDArrayIndex.interval(offsets[i], offsets[i + 1]))).dup('c');
                }
            }
            return grads;
        }, parts);
    }

    public static Tensor gatherRows(Tensor t, int[] rows) {
        INDArray x = t.value();
        for (int r : rows) {
            if (r < 0 || r >= x.size(0)) {
                throw new IllegalArgumentException("Row index " + r + " is out of range [0, " + x.size(0) + ").");
            }
        }
        INDArray out = Nd4j.pullRows(x, x.rank() == 1 ? 0 : 1, rows);
        if (x.rank() == 1) {
            out = out.reshape(rows.length);
        } else if (x.rank() > 2) {
            long[] shape = x.shape().clone();
            shape[0] = rows.length;
            out = Nd4j.create(x.dataType(), shape);
            for (int i = 0; i < rows.length; i++) {
                out.slice(i).assign(x.slice(rows[i]));
            }
        }
        return Tensor.result(out, "gather", g -> {
            INDArray full = Nd4j.zeros(g.dataType(), x.shape());
            for (int i = 0; i < rows.length; i++) {
                if (x.rank() == 1) {
                    full.putScalar(rows[i], full.getDouble(rows[i]) + g.getDouble(i));
                } else {
                    full.slice(rows[i]).addi(g.slice(i));
                }
            }
            return new INDArray[] {full};
        }, t);
    }
}
