package dev.athanor.bench;

import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Row-range indices for rank-2 arrays. */
final class Nd4jRows {

    private Nd4jRows() {
    }

    static INDArrayIndex[] range(long from, long to) {
        return new INDArrayIndex[] {NDArrayIndex.interval(from, to), NDArrayIndex.all()};
    }
}
