package dev.athanor.core;

import static org.junit.jupiter.api.Assertions.assertSame;

import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A Variable's kernel gradient is written by gemm into one array reused between steps: the values
 * must equal the fresh-array path's (a plain {@link Tensor#variable} leaf), a kernel used twice in
 * one graph must get the sum, and a gradient kept without zeroGrad must still accumulate.
 */
class VariableGradBufferTest {

    private static INDArray rand(long seed, long... shape) {
        return TestArrays.uniform(seed, -1, 1, shape).castTo(DataType.DOUBLE);
    }

    /** loss = sum(relu(x·W + b)·W2) + sum((x·W)^2): W is used by linear and by matmul. */
    private static Tensor loss(Tensor x, Tensor w, Tensor b, Tensor w2) {
        Tensor h = x.linear(w, b).relu();
        return h.matmul(w2).sum().add(x.matmul(w).square().sum());
    }

    @Test
    void sameGradientsAsFreshArraysAndSumForASharedKernel() {
        INDArray x = rand(1, 5, 4);
        Variable w = new Variable("w:0", rand(2, 4, 4), true);
        Variable b = new Variable("b:0", rand(3, 4), true);
        Variable w2 = new Variable("w2:0", rand(4, 4, 3), true);
        Tensor wFresh = Tensor.variable(w.value().dup());
        Tensor bFresh = Tensor.variable(b.value().dup());
        Tensor w2Fresh = Tensor.variable(w2.value().dup());
        INDArray firstBuffer = null;
        for (int step = 0; step < 3; step++) {
            INDArray xs = x.mul(step + 1);
            w.zeroGrad();
            b.zeroGrad();
            w2.zeroGrad();
            wFresh.zeroGrad();
            bFresh.zeroGrad();
            w2Fresh.zeroGrad();
            loss(Tensor.of(xs), w.tensor(), b.tensor(), w2.tensor()).backward();
            loss(Tensor.of(xs), wFresh, bFresh, w2Fresh).backward();
            Asserts.assertAllClose(wFresh.grad(), w.grad(), 1e-12, 1e-12);
            Asserts.assertAllClose(bFresh.grad(), b.grad(), 1e-12, 1e-12);
            Asserts.assertAllClose(w2Fresh.grad(), w2.grad(), 1e-12, 1e-12);
            if (firstBuffer == null) {
                firstBuffer = w2.grad();
            } else {
                assertSame(firstBuffer, w2.grad(), "the kernel gradient array is reused between steps");
            }
        }
        // Independent check of the shared kernel: d/dW of both terms by hand.
        INDArray xs = x.mul(3);
        INDArray pre = xs.mmul(w.value()).addRowVector(b.value());
        INDArray mask = pre.gt(0).castTo(DataType.DOUBLE);
        INDArray dH = Nd4j.ones(DataType.DOUBLE, 5, 3).mmul(w2.value().transpose()).mul(mask);
        INDArray expected = xs.transpose().mmul(dH).add(xs.transpose().mmul(xs.mmul(w.value()).mul(2)));
        Asserts.assertAllClose(expected, w.grad(), 1e-10, 1e-10);
    }

    @Test
    void withoutZeroGradASecondBackwardAddsToAKeptGradient() {
        INDArray x = rand(5, 3, 4);
        Variable w = new Variable("w:0", rand(6, 4, 2), true);
        Tensor.of(x).matmul(w.tensor()).sum().backward();
        INDArray first = w.grad().dup();
        INDArray kept = w.grad();
        Tensor.of(x).matmul(w.tensor()).sum().backward();
        Asserts.assertAllClose(first.mul(2), w.grad(), 1e-12, 1e-12);
        Asserts.assertAllClose(first, kept, 0, 0);
    }
}
