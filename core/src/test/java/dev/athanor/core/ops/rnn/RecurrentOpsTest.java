package dev.athanor.core.ops.rnn;

import dev.athanor.core.ops.EmbeddingOps;
import dev.athanor.core.Tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.GradientCheck;
import dev.athanor.core.testing.TestArrays;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The sequence ops recurrent layers use, and the embedding lookup: values and finite-difference gradients. */
class RecurrentOpsTest {

    /** Uses every piece with a different weight so that each piece's gradient lands in its own place. */
    private static Tensor weighted(List<Tensor> pieces) {
        Tensor total = null;
        for (int i = 0; i < pieces.size(); i++) {
            Tensor term = pieces.get(i).square().mul(i + 1.0).sum();
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    @Test
    void unstackValuesAndGradient() {
        INDArray x = TestArrays.uniform(1, -1, 1, 2, 3, 4);
        List<Tensor> steps = RecurrentOps.unstack(Tensor.of(x), 1);
        assertEquals(3, steps.size());
        Asserts.assertAllClose(x.get(NDArrayIndex.all(), NDArrayIndex.point(2), NDArrayIndex.all()),
                steps.get(2).value(), 0, 0);
        GradientCheck.check(v -> weighted(RecurrentOps.unstack(v.get(0), 1)), x);
        // pieces used twice, and one piece unused: gradients add, the unused one gets zeros
        GradientCheck.check(v -> {
            List<Tensor> p = RecurrentOps.unstack(v.get(0), 0);
            return p.get(0).mul(p.get(0)).sum().add(p.get(0).sum());
        }, x);
    }

    @Test
    void twoBackwardPassesGiveTheSameGradient() {
        Tensor x = Tensor.variable(TestArrays.uniform(2, -1, 1, 3, 2));
        List<Tensor> p = RecurrentOps.split(x, 1, 2);
        Tensor y = p.get(0).mul(p.get(1)).sum();
        y.backward();
        INDArray first = x.grad().dup();
        x.zeroGrad();
        y.backward();
        Asserts.assertAllClose(first, x.grad(), 0, 0);
    }

    @Test
    void splitStackReverse() {
        INDArray x = TestArrays.uniform(3, -1, 1, 2, 8);
        GradientCheck.check(v -> weighted(RecurrentOps.split(v.get(0), 1, 4)), x);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecurrentOps.split(Tensor.of(x), 1, 3));
        assertTrue(e.getMessage().contains("size 8 into 3"), e.getMessage());
        INDArray a = TestArrays.uniform(4, -1, 1, 2, 3);
        INDArray b = TestArrays.uniform(5, -1, 1, 2, 3);
        Tensor s = RecurrentOps.stack(1, List.of(Tensor.of(a), Tensor.of(b)));
        assertArrayEquals(new long[] {2, 2, 3}, s.shape());
        Asserts.assertAllClose(b, s.value().get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all()), 0, 0);
        GradientCheck.check(v -> RecurrentOps.stack(1, List.of(v.get(0), v.get(1), v.get(0))).square().sum(), a, b);
        INDArray seq = TestArrays.uniform(6, -1, 1, 2, 3, 2);
        Tensor r = RecurrentOps.reverse(Tensor.of(seq), 1);
        Asserts.assertAllClose(seq.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()),
                r.value().get(NDArrayIndex.all(), NDArrayIndex.point(2), NDArrayIndex.all()), 0, 0);
        GradientCheck.check(v -> RecurrentOps.reverse(v.get(0), 1).mul(Tensor.of(TestArrays.uniform(7, 0, 1, 2, 3, 2)))
                .sum(), seq);
    }

    @Test
    void keepWhereMaskedBlends() {
        INDArray next = TestArrays.uniform(8, -1, 1, 2, 3);
        INDArray prev = TestArrays.uniform(9, -1, 1, 2, 3);
        INDArray m = Nd4j.create(new double[][] {{1}, {0}});
        GradientCheck.check(v -> RecurrentOps.keepWhereMasked(v.get(0), v.get(1), m).square().sum(), next, prev);
        INDArray out = RecurrentOps.keepWhereMasked(Tensor.of(next), Tensor.of(prev), m).value();
        Asserts.assertAllClose(next.getRow(0), out.getRow(0), 0, 0);
        Asserts.assertAllClose(prev.getRow(1), out.getRow(1), 0, 0);
    }

    @Test
    void embeddingLookup() {
        INDArray table = TestArrays.uniform(10, -1, 1, 5, 3);
        INDArray ids = Nd4j.create(new double[][] {{4, 0, 4}, {1, 1, 2}});
        Tensor out = EmbeddingOps.lookup(Tensor.of(table), ids);
        assertArrayEquals(new long[] {2, 3, 3}, out.shape());
        Asserts.assertAllClose(table.getRow(4), out.value().get(NDArrayIndex.point(0), NDArrayIndex.point(2)), 0, 0);
        GradientCheck.check(v -> EmbeddingOps.lookup(v.get(0), ids).square().sum(), table);
        List<String> bad = new ArrayList<>();
        for (double id : new double[] {-1, 5}) {
            bad.add(assertThrows(IllegalArgumentException.class,
                    () -> EmbeddingOps.lookup(Tensor.of(table), Nd4j.create(new double[] {0, id}))).getMessage());
        }
        assertTrue(bad.get(0).contains("id -1 is not in [0, 5)"), bad.get(0));
        assertTrue(bad.get(1).contains("id 5 is not in [0, 5)"), bad.get(1));
    }
}
