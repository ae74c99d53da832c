package dev.athanor.core.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.data.Batch;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Shuffled batches gathered straight into a compiled step's memory hold exactly the rows the
 * ordinary path copies out (same permutation, partial last batch included), and arrays the
 * gather cannot address keep the ordinary path.
 */
class ArrayDatasetGatherTest {

    /** Memory like a plan's: one buffer per side, views over its first rows. */
    private static final class Memory implements BatchBuffers {
        final INDArray in;
        final INDArray out;
        final int inCols;
        final int outCols;

        Memory(int capacity, int inCols, int outCols) {
            this.in = Nd4j.zeros(DataType.FLOAT, capacity * inCols);
            this.out = Nd4j.zeros(DataType.FLOAT, capacity * outCols);
            this.inCols = inCols;
            this.outCols = outCols;
        }

        @Override
        public int inputColumns() {
            return inCols;
        }

        @Override
        public int targetColumns() {
            return outCols;
        }

        @Override
        public INDArray inputRows(int rows) {
            return Nd4j.create(in.data(), new long[] {rows, inCols}, new long[] {inCols, 1}, 0, 'c');
        }

        @Override
        public INDArray targetRows(int rows) {
            return Nd4j.create(out.data(), new long[] {rows, outCols}, new long[] {outCols, 1}, 0, 'c');
        }
    }

    private static float[] flat(INDArray a) {
        return a.dup('c').data().asFloat();
    }

    private static INDArray data(int n, int cols, int seed) {
        return Nd4j.rand(DataType.FLOAT, n, cols).addi(seed);
    }

    @Test
    void gatheredBatchesAreTheShuffledRowsIncludingThePartialLastBatch() {
        INDArray x = data(23, 7, 0);
        INDArray y = data(23, 3, 10);
        ArrayDataset plain = new ArrayDataset(List.of(x), List.of(y), null, 5, 42L);
        ArrayDataset gathered = new ArrayDataset(List.of(x), List.of(y), null, 5, 42L);
        Memory memory = new Memory(5, 7, 3);
        assertTrue(gathered.gatherInto(memory));
        for (int epoch = 0; epoch < 2; epoch++) {
            plain.onEpochBegin(epoch);
            gathered.onEpochBegin(epoch);
            for (int b = 0; b < plain.length(); b++) {
                Batch want = plain.batch(b);
                Batch got = gathered.batch(b);
                assertArrayEquals(flat(want.inputs().get(0)), flat(got.inputs().get(0)), "x of batch " + b + ", epoch " + epoch);
                assertArrayEquals(flat(want.targets().get(0)), flat(got.targets().get(0)), "y of batch " + b + ", epoch " + epoch);
                assertSame(memory.in.data(), got.inputs().get(0).data(), "gathered into the plan's memory");
                assertSame(memory.out.data(), got.targets().get(0).data());
            }
        }
        // 23 rows in batches of 5: the last has 3 rows.
        assertEquals(3, gathered.batch(4).size());
    }

    @Test
    void whatCannotBeAddressedKeepsTheOrdinaryPath() {
        Memory memory = new Memory(5, 7, 3);
        INDArray x = data(20, 7, 0);
        INDArray y = data(20, 3, 1);
        assertFalse(new ArrayDataset(List.of(x), List.of(y.castTo(DataType.DOUBLE)), null, 5, 1L).gatherInto(memory),
                "float64 targets");
        assertFalse(new ArrayDataset(List.of(x.dup('f')), List.of(y), null, 5, 1L).gatherInto(memory), "F-order x");
        assertFalse(new ArrayDataset(List.of(x), List.of(y), Nd4j.ones(20), 5, 1L).gatherInto(memory),
                "sample weights");
        assertFalse(new ArrayDataset(List.of(x), List.of(y), null, 5, null).gatherInto(memory),
                "unshuffled batches are views already");
        assertFalse(new ArrayDataset(List.of(data(20, 6, 0)), List.of(y), null, 5, 1L).gatherInto(memory),
                "other widths");
    }
}
