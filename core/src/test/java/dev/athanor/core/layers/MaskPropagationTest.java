package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.athanor.core.Input;
import dev.athanor.core.Model;
import dev.athanor.core.Sequential;
import dev.athanor.core.Tensor;
import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.TestArrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's mask propagation through models: Embedding(mask_zero) or Masking creates the mask, layers
 * that support masking pass it on, recurrent layers skip masked steps, and layers that do not
 * support masking (Flatten) stop it.
 */
class MaskPropagationTest extends Float64Test {

    private static final INDArray IDS = Nd4j.create(new double[][] {{3, 1, 0, 0}, {0, 2, 4, 0}});
    private static final INDArray MASK = IDS.neq(0).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);

    @Test
    void embeddingMaskReachesTheLstmInASequentialModel() {
        Embedding emb = new Embedding(5, 3).maskZero(true);
        LSTM lstm = new LSTM(2).returnSequences(true);
        Dense dense = new Dense(1);
        LSTM last = new LSTM(2);
        Sequential model = new Sequential(List.of(emb, lstm, dense, last));
        INDArray got = model.predict(IDS);
        // the same layers called by hand with the mask the Embedding makes
        List<Tensor> e = emb.callOn(List.of(Tensor.of(IDS)), false);
        List<Tensor> h = RecurrentTesting.call(lstm, false, MASK, e);
        List<Tensor> d = dense.callOn(h, Collections.singletonList(MASK), false);
        INDArray want = RecurrentTesting.call(last, false, MASK, d).get(0).value();
        Asserts.assertAllClose(want, got, 1e-12, 1e-12);
        // and it differs from the unmasked computation, so the mask did something
        INDArray unmasked = last.callOn(dense.callOn(lstm.callOn(e, false), false), false).get(0).value();
        assertEquals(false, unmasked.equalsWithEps(got, 1e-6));
    }

    @Test
    void maskingLayerAndMergesInAFunctionalModel() {
        INDArray x = TestArrays.uniform(4, -1, 1, 2, 4, 3);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 4; t++) {
                if (MASK.getDouble(b, t) == 0) {
                    x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b), org.nd4j.linalg.indexing.NDArrayIndex.point(t))
                            .assign(0);
                }
            }
        }
        Tensor in = Input.of(4, 3);
        Masking masking = new Masking();
        Tensor masked = masking.apply(in);
        GRU a = new GRU(2).returnSequences(true);
        SimpleRNN b = new SimpleRNN(2).returnSequences(true);
        Tensor merged = new Concatenate().apply(a.apply(masked), b.apply(masked));
        LSTM top = new LSTM(2);
        Model model = new Model(List.of(in), List.of(top.apply(merged)));
        INDArray got = model.predict(x);
        Tensor xt = Tensor.of(x);
        Tensor ya = RecurrentTesting.call(a, false, MASK, List.of(xt)).get(0);
        Tensor yb = RecurrentTesting.call(b, false, MASK, List.of(xt)).get(0);
        INDArray want = RecurrentTesting.call(top, false, MASK, List.of(Tensor.concat(-1, ya, yb))).get(0).value();
        Asserts.assertAllClose(want, got, 1e-12, 1e-12);
    }

    @Test
    void flattenStopsTheMaskAndConcatenateAlongTimeJoinsMasks() {
        Flatten flatten = new Flatten();
        assertEquals(List.of(), flatten.computeMask(List.of(Tensor.of(IDS)), Collections.singletonList(MASK)));
        Concatenate time = new Concatenate(1);
        Tensor p = Tensor.of(TestArrays.uniform(1, 0, 1, 2, 4, 3));
        Tensor q = Tensor.of(TestArrays.uniform(2, 0, 1, 2, 2, 3));
        INDArray joined = time.computeMask(List.of(p, q), java.util.Arrays.asList(MASK, null)).get(0);
        Asserts.assertAllClose(Nd4j.create(new double[][] {{1, 1, 0, 0, 1, 1}, {0, 1, 1, 0, 1, 1}}), joined, 0, 0);
        Add add = new Add();
        INDArray other = Nd4j.create(new double[][] {{0, 0, 1, 0}, {0, 0, 0, 0}});
        // Keras 3's Merge.compute_mask: OR when every input has a mask, none otherwise (Keras 2 took the AND)
        INDArray or = add.computeMask(List.of(p, p), java.util.Arrays.asList(MASK, other)).get(0);
        Asserts.assertAllClose(Nd4j.create(new double[][] {{1, 1, 1, 0}, {0, 1, 1, 0}}), or, 0, 0);
        assertEquals(List.of(), add.computeMask(List.of(p, p), java.util.Arrays.asList(MASK, null)));
    }
}
