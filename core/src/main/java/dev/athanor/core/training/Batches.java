package dev.athanor.core.training;

import dev.athanor.core.Internal;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Picks samples (rows along axis 0) out of data arrays. */
@Internal
public final class Batches {

    private Batches() {
    }

    /** Rows {@code [from, to)} as a view (no copy). */
    static INDArray range(INDArray x, long from, long to) {
        INDArrayIndex[] idx = new INDArrayIndex[x.rank()];
        idx[0] = NDArrayIndex.interval(from, to);
        for (int i = 1; i < idx.length; i++) {
            idx[i] = NDArrayIndex.all();
        }
        return x.get(idx);
    }

    /** Rows at {@code rows}, copied into a new array. */
    static INDArray rows(INDArray x, int[] rows) {
        if (x.rank() == 1) {
            return Nd4j.pullRows(x.reshape(x.length(), 1), 1, rows).reshape(rows.length);
        }
        if (x.rank() == 2) {
            return Nd4j.pullRows(x, 1, rows);
        }
        long[] shape = x.shape().clone();
        long rest = x.length() / shape[0];
        INDArray flat = x.reshape('c', shape[0], rest);
        shape[0] = rows.length;
        return Nd4j.pullRows(flat, 1, rows).reshape('c', shape);
    }

    static List<INDArray> range(List<INDArray> xs, long from, long to) {
        if (xs == null) {
            return null;
        }
        List<INDArray> out = new ArrayList<>(xs.size());
        for (INDArray x : xs) {
            out.add(range(x, from, to));
        }
        return out;
    }

    static List<INDArray> rows(List<INDArray> xs, int[] rows) {
        if (xs == null) {
            return null;
        }
        List<INDArray> out = new ArrayList<>(xs.size());
        for (INDArray x : xs) {
            out.add(rows(x, rows));
        }
        return out;
    }

    /** Row indices {@code [from, to)} of a permutation. */
    static int[] slice(int[] order, int from, int to) {
        int[] out = new int[to - from];
        System.arraycopy(order, from, out, 0, out.length);
        return out;
    }
}
