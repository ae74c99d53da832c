package dev.athanor.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.GradientCheck;
import dev.athanor.core.testing.TestArrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every Tensor op through the finite-difference gradient check, broadcasting included. */
class TensorGradientTest {

    private static INDArray rand(long seed, long... shape) {
        return TestArrays.uniform(seed, -1, 1, shape);
    }

    private static INDArray positive(long seed, long... shape) {
        return TestArrays.uniform(seed, 0.5, 1.5, shape);
    }

    private static Arguments op(String name, Function<List<Tensor>, Tensor> f, INDArray... inputs) {
        return Arguments.of(name, f, inputs);
    }

    static Stream<Arguments> ops() {
        return Stream.of(
                op("add", t -> t.get(0).add(t.get(1)), rand(1, 3, 4), rand(2, 3, 4)),
                op("add broadcast row", t -> t.get(0).add(t.get(1)), rand(1, 3, 4), rand(2, 4)),
                op("add broadcast col", t -> t.get(0).add(t.get(1)), rand(1, 3, 4), rand(2, 3, 1)),
                op("add broadcast both", t -> t.get(0).add(t.get(1)), rand(1, 3, 1), rand(2, 1, 4)),
                op("add scalar", t -> t.get(0).add(2.5), rand(1, 2, 3)),
                op("sub", t -> t.get(0).sub(t.get(1)), rand(1, 3, 4), rand(2, 1, 4)),
                op("rsub", t -> t.get(0).rsub(1.0), rand(1, 3, 4)),
                op("mul", t -> t.get(0).mul(t.get(1)), rand(1, 2, 3, 4), rand(2, 3, 1)),
                op("mul scalar", t -> t.get(0).mul(-3.0), rand(1, 5)),
                op("div", t -> t.get(0).div(t.get(1)), rand(1, 3, 4), positive(2, 4)),
                op("div scalar", t -> t.get(0).div(4.0), rand(1, 3)),
                op("neg", t -> t.get(0).neg(), rand(1, 3, 2)),
                op("pow", t -> t.get(0).pow(3.0), rand(1, 3, 4)),
                op("pow fractional", t -> t.get(0).pow(1.5), positive(1, 3, 4)),
                op("square", t -> t.get(0).square(), rand(1, 3, 4)),
                op("sqrt", t -> t.get(0).sqrt(), positive(1, 3, 4)),
                op("exp", t -> t.get(0).exp(), rand(1, 3, 4)),
                op("log", t -> t.get(0).log(), positive(1, 3, 4)),
                op("log1p", t -> t.get(0).log1p(), positive(1, 3, 4)),
                op("abs", t -> t.get(0).abs(), rand(1, 3, 4)),
                op("clip", t -> t.get(0).clip(-0.5, 0.5), rand(7, 4, 4)),
                op("maximum", t -> t.get(0).maximum(t.get(1)), rand(1, 3, 4), rand(2, 3, 4)),
                op("maximum broadcast", t -> t.get(0).maximum(t.get(1)), rand(1, 3, 4), rand(2, 4)),
                op("minimum", t -> t.get(0).minimum(t.get(1)), rand(1, 3, 4), rand(2, 3, 1)),
                op("maximum scalar", t -> t.get(0).maximum(0.1), rand(3, 3, 4)),
                op("minimum scalar", t -> t.get(0).minimum(0.1), rand(3, 3, 4)),
                op("sum all", t -> t.get(0).sum(), rand(1, 3, 4)),
                op("sum axis", t -> t.get(0).sum(1), rand(1, 3, 4, 2)),
                op("sum keepdims", t -> t.get(0).sum(-1, true), rand(1, 3, 4)),
                op("sum axes", t -> t.get(0).sum(new int[] {0, 2}, false), rand(1, 2, 3, 4)),
                op("mean all", t -> t.get(0).mean(), rand(1, 3, 4)),
                op("mean axis", t -> t.get(0).mean(0), rand(1, 3, 4)),
                op("mean keepdims", t -> t.get(0).mean(1, true), rand(1, 3, 4)),
                op("max axis", t -> t.get(0).max(1), rand(1, 3, 5)),
                op("max keepdims", t -> t.get(0).max(0, true), rand(1, 3, 5)),
                op("matmul", t -> t.get(0).matmul(t.get(1)), rand(1, 3, 4), rand(2, 4, 5)),
                op("linear", t -> t.get(0).linear(t.get(1), t.get(2)), rand(1, 3, 4), rand(2, 4, 5), rand(3, 5)),
                op("linear no bias", t -> t.get(0).linear(t.get(1), null), rand(1, 3, 4), rand(2, 4, 5)),
                op("transpose", t -> t.get(0).transpose(), rand(1, 3, 4)),
                op("permute", t -> t.get(0).permute(2, 0, 1), rand(1, 2, 3, 4)),
                op("reshape", t -> t.get(0).reshape(4, 3), rand(1, 3, 4)),
                op("concat", t -> Tensor.concat(1, t.get(0), t.get(1)), rand(1, 3, 2), rand(2, 3, 4)),
                op("concat axis0", t -> Tensor.concat(0, t.get(0), t.get(1)), rand(1, 2, 3), rand(2, 1, 3)),
                op("slice", t -> t.get(0).slice(1, 1, 3), rand(1, 3, 4)),
                op("gather rows", t -> t.get(0).gatherRows(new int[] {2, 0, 2}), rand(1, 3, 4)),
                op("gather rows 3d", t -> t.get(0).gatherRows(new int[] {1, 1, 0}), rand(1, 2, 2, 3)),
                op("sigmoid", t -> t.get(0).sigmoid(), rand(1, 3, 4)),
                op("tanh", t -> t.get(0).tanh(), rand(1, 3, 4)),
                op("relu", t -> t.get(0).relu(), rand(5, 3, 4)),
                op("elu", t -> t.get(0).elu(1.0), rand(1, 3, 4)),
                op("selu", t -> t.get(0).selu(), rand(1, 3, 4)),
                op("softplus", t -> t.get(0).softplus(), rand(1, 3, 4).muli(10)),
                op("softsign", t -> t.get(0).softsign(), rand(1, 3, 4)),
                op("hard sigmoid", t -> t.get(0).hardSigmoid(), rand(1, 3, 4)),
                op("swish", t -> t.get(0).swish(), rand(1, 3, 4)),
                op("gelu", t -> t.get(0).gelu(), rand(1, 3, 4)),
                op("softmax", t -> t.get(0).softmax(-1), rand(1, 3, 4)),
                op("softmax axis0", t -> t.get(0).softmax(0), rand(1, 3, 4)),
                op("logSoftmax", t -> t.get(0).logSoftmax(-1), rand(1, 3, 4)),
                op("logSumExp", t -> t.get(0).logSumExp(1, false), rand(1, 3, 4)),
                op("logSumExp keepdims", t -> t.get(0).logSumExp(0, true), rand(1, 3, 4)),
                op("l2Normalize", t -> t.get(0).l2Normalize(-1), rand(1, 3, 4)),
                op("shared input", t -> t.get(0).mul(t.get(0)).add(t.get(0).exp()), rand(1, 3)),
                op("categorical crossentropy fused",
                        t -> Backend.categoricalCrossentropy(Tensor.of(oneHot()), t.get(0).softmax(-1)), rand(1, 4, 3)),
                op("softmax crossentropy from logits, soft targets with gradient",
                        t -> Backend.categoricalCrossentropy(t.get(1), t.get(0), true), rand(1, 2, 4, 3), positive(2, 2, 4, 3)),
                op("binary crossentropy fused",
                        t -> Backend.binaryCrossentropy(Tensor.of(oneHot()), t.get(0).sigmoid(), false), rand(1, 4, 3)));
    }

    private static INDArray oneHot() {
        return Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 1, 0}});
    }

    @Test
    void linearHasTheValueOfMatmulPlusBias() {
        INDArray x = rand(1, 5, 4), w = rand(2, 4, 3), b = rand(3, 3);
        Tensor expected = Tensor.of(x).matmul(Tensor.of(w)).add(Tensor.of(b));
        Asserts.assertAllClose(expected.value(), Tensor.of(x).linear(Tensor.of(w), Tensor.of(b)).value(), 1e-12, 1e-12);
        Asserts.assertAllClose(Tensor.of(x).matmul(Tensor.of(w)).value(),
                Tensor.of(x).linear(Tensor.of(w), null).value(), 1e-12, 1e-12);
    }

    @Test
    void linearNamesBothShapesWhenTheyDisagree() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(rand(1, 5, 4)).linear(Tensor.of(rand(2, 3, 3)), null));
        assertTrue(e.getMessage().contains("[5, 4]") && e.getMessage().contains("[3, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(rand(1, 5, 4)).linear(Tensor.of(rand(2, 4, 3)), Tensor.of(rand(3, 4))));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[4]"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void gradientMatchesFiniteDifferences(String name, Function<List<Tensor>, Tensor> f, INDArray[] inputs) {
        GradientCheck.check(f, inputs);
    }
}
