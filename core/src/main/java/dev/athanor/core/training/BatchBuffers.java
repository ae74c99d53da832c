package dev.athanor.core.training;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Memory a compiled step owns for its batch: an {@link ArrayDataset} gathers the shuffled rows of
 * its arrays straight into it (one copy from the user's arrays, no batch array allocated), and the
 * step reads them where they are.
 */
interface BatchBuffers {

    /** Columns of the (one) input. */
    int inputColumns();

    /** Columns of the (one) target. */
    int targetColumns();

    /**
     * A {@code [rows, inputColumns]} float32 C-order array over the start of the input memory; what
     * it holds is overwritten by the next batch.
     */
    INDArray inputRows(int rows);

    /** A {@code [rows, targetColumns]} float32 C-order array over the start of the target memory. */
    INDArray targetRows(int rows);
}
