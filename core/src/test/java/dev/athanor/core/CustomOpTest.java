package dev.athanor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.GradientCheck;
import dev.athanor.core.testing.TestArrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link Tensor#customOp}: a plugin's op with its own backward, and the errors a wrong backward gets. */
class CustomOpTest {

    /** x * y with a hand-written backward (d/dx = g * y, d/dy = g * x). */
    private static Tensor product(Tensor x, Tensor y) {
        return Tensor.customOp("product", x.value().mul(y.value()),
                g -> new INDArray[] {g.mul(y.value()), g.mul(x.value())}, x, y);
    }

    @Test
    void gradientsFlowThroughACustomOpAndPassAFiniteDifferenceCheck() {
        GradientCheck.check(in -> product(in.get(0), in.get(1).tanh()).sum(),
                TestArrays.uniform(1, -1, 1, 3, 4), TestArrays.uniform(2, -1, 1, 3, 4));
    }

    @Test
    void handWrittenGradientEqualsTheBuiltInOpsGradient() {
        INDArray a = TestArrays.uniform(3, -1, 1, 2, 5);
        INDArray b = TestArrays.uniform(4, -1, 1, 2, 5);
        Tensor x1 = Tensor.variable(a), y1 = Tensor.variable(b);
        product(x1, y1).square().sum().backward();
        Tensor x2 = Tensor.variable(a), y2 = Tensor.variable(b);
        x2.mul(y2).square().sum().backward();
        Asserts.assertAllClose(x2.grad().data().asDouble(), x1.grad().data().asDouble(), 1e-6, 1e-6);
        Asserts.assertAllClose(y2.grad().data().asDouble(), y1.grad().data().asDouble(), 1e-6, 1e-6);
    }

    @Test
    void constantInputsGiveAConstantResult() {
        Tensor c = Tensor.customOp("double", TestArrays.uniform(5, 0, 1, 2).mul(2), g -> new INDArray[] {g.mul(2)},
                Tensor.of(TestArrays.uniform(5, 0, 1, 2)));
        assertFalse(c.requiresGrad());
    }

    @Test
    void aGradientOfTheWrongShapeIsNamedWithBothShapes() {
        Tensor x = Tensor.variable(TestArrays.uniform(6, -1, 1, 2, 3));
        Tensor y = Tensor.customOp("rowsum", x.value().sum(1), g -> new INDArray[] {g}, x);
        var e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertEquals("Custom op 'rowsum': backward returned a gradient of shape [2] for input 0 of shape [2, 3];"
                + " each gradient must be shaped like its input.", e.getMessage());
    }

    @Test
    void aWrongNumberOfGradientsIsAnError() {
        Tensor x = Tensor.variable(TestArrays.uniform(7, -1, 1, 2));
        Tensor y = Tensor.customOp("twice", x.value().mul(2), g -> new INDArray[0], x);
        var e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertEquals("Custom op 'twice': backward returned 0 gradient(s) for 1 input(s); return one per input"
                + " (null where an input needs none).", e.getMessage());
    }

    @Test
    void symbolicInputsAreRefused() {
        Tensor in = Input.of(3);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.customOp("id", TestArrays.uniform(1, 0, 1, 1, 3), g -> new INDArray[] {g}, in));
        assertEquals("Custom op 'id': input 0 is symbolic (a functional-API placeholder); call custom ops inside a"
                + " layer's call(...) or a loss, on concrete tensors.", e.getMessage());
    }
}
