package dev.athanor.core.ops;

import dev.athanor.core.Tensor;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scatter.ScatterAdd;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Table lookup (Keras's {@code Embedding}, TensorFlow's {@code embedding_lookup}): rows of a
 * {@code [V, d]} table picked by integer ids of any shape. The forward is one native row gather;
 * the backward one native scatter-add, so ids that repeat add their gradients.
 */
public final class EmbeddingOps {

    private EmbeddingOps() {
    }

    /**
     * {@code table[ids]}: shape {@code ids.shape + [d]}. Ids may be stored as floats (as Keras
     * models receive them); they are truncated to integers as Keras's cast does.
     *
     * @throws IllegalArgumentException naming the offending id when one is outside {@code [0, V)}
     */
    public static Tensor lookup(Tensor table, INDArray ids) {
        INDArray w = table.value();
        if (w.rank() != 2) {
            throw new IllegalArgumentException("An embedding table must have rank 2 [input_dim, output_dim]; received "
                    + Arrays.toString(w.shape()) + ".");
        }
        long vocab = w.size(0);
        INDArray flat = ids.reshape(ids.length()).castTo(DataType.INT32);
        if (flat.length() > 0) {
            long lo = flat.minNumber().longValue();
            long hi = flat.maxNumber().longValue();
            if (lo < 0 || hi >= vocab) {
                long bad = lo < 0 ? lo : hi;
                throw new IllegalArgumentException("Embedding input id " + bad + " is not in [0, " + vocab
                        + "): input_dim must exceed the largest id (for example input_dim=" + Math.max(hi + 1, vocab)
                        + ").");
            }
        }
        int[] rows = flat.toIntVector();
        INDArray gathered = Nd4j.pullRows(w, 1, rows);
        long[] outShape = Arrays.copyOf(ids.shape(), ids.rank() + 1);
        outShape[ids.rank()] = w.size(1);
        INDArray out = gathered.reshape('c', outShape);
        return Tensor.result(out, "embedding_lookup", g -> {
            INDArray zeros = Nd4j.zeros(g.dataType(), w.shape());
            INDArray[] summed = Nd4j.exec(new ScatterAdd(zeros, flat, g.reshape('c', rows.length, w.size(1)).dup('c')));
            return new INDArray[] {summed[0]};
        }, table);
    }
}
