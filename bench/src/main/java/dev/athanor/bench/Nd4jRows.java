package dev.athanor.bench;

import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Row-range (first-axis) indices. */
final class Nd4jRows {

    private Nd4jRows() {
    }

    static INDArrayIndex[] range(long from, long to) {
        return range(from, to, 2);
    }

    /** Rows {@code [from, to)} of an array of this rank, every other axis whole. */
    static INDArrayIndex[] range(long from, long to, int rank) {
        INDArrayIndex[] idx = new INDArrayIndex[rank];
        idx[0] = NDArrayIndex.interval(from, to);
        for (int i = 1; i < rank; i++) {
            idx[i] = NDArrayIndex.all();
        }
        return idx;
    }
}
