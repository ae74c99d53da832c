package dev.athanor.core.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Backend;
import dev.athanor.core.Tensor;
import dev.athanor.core.testing.GradientCheck;
import dev.athanor.core.testing.TestArrays;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

class ActivationsTest {

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Reference formulas written out independently (Keras 2.6 keras/activations.py). */
    static Stream<Arguments> elementwise() {
        double a = 1.6732632423543772848170429916717;
        double s = 1.0507009873554804934193349852946;
        return Stream.of(
                Arguments.of("linear", (DoubleUnaryOperator) x -> x),
                Arguments.of("relu", (DoubleUnaryOperator) x -> Math.max(x, 0)),
                Arguments.of("sigmoid", (DoubleUnaryOperator) ActivationsTest::sigmoid),
                Arguments.of("hard_sigmoid", (DoubleUnaryOperator) x -> Math.max(0, Math.min(1, 0.2 * x + 0.5))),
                Arguments.of("tanh", (DoubleUnaryOperator) Math::tanh),
                Arguments.of("elu", (DoubleUnaryOperator) x -> x > 0 ? x : Math.exp(x) - 1),
                Arguments.of("selu", (DoubleUnaryOperator) x -> s * (x > 0 ? x : a * (Math.exp(x) - 1))),
                Arguments.of("softplus", (DoubleUnaryOperator) x -> Math.log(1 + Math.exp(x))),
                Arguments.of("softsign", (DoubleUnaryOperator) x -> x / (1 + Math.abs(x))),
                Arguments.of("exponential", (DoubleUnaryOperator) Math::exp),
                Arguments.of("swish", (DoubleUnaryOperator) x -> x * sigmoid(x)),
                // 0.5 x (1 + erf(x / sqrt 2)); values from python3: 0.5*x*(1+math.erf(x/math.sqrt(2)))
                Arguments.of("gelu", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("elementwise")
    void valuesMatchFormula(String name, DoubleUnaryOperator f) {
        String before = Backend.floatx();
        Backend.setFloatx("float64");
        try {
            if (f == null) {
                // gelu at -1, 0.5, 2 (exact erf form): x * Phi(x)
                INDArray in = org.nd4j.linalg.factory.Nd4j.createFromArray(-1.0, 0.5, 2.0).reshape(1, 3);
                INDArray out = Activations.get(name).apply(Tensor.of(in)).value();
                assertEquals(-0.15865525393145707, out.getDouble(0), 1e-7);
                assertEquals(0.34573123063700656, out.getDouble(1), 1e-7);
                assertEquals(1.9544997361036416, out.getDouble(2), 1e-7);
                return;
            }
            INDArray in = TestArrays.uniform(7, -3, 3, 4, 5);
            INDArray out = Activations.get(name).apply(Tensor.of(in)).value();
            for (int i = 0; i < 20; i++) {
                assertEquals(f.applyAsDouble(in.getDouble(i)), out.getDouble(i), 1e-12, name + " at " + in.getDouble(i));
            }
        } finally {
            Backend.setFloatx(before);
        }
    }

    static Stream<String> names() {
        return Activations.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void gradientCheck(String name) {
        // avoid the kinks of relu / hard_sigmoid at 0 and +-2.5 by sampling away from them
        INDArray x = TestArrays.uniform(11, 0.1, 2.0, 3, 4);
        INDArray signs = TestArrays.uniform(12, -1, 1, 3, 4);
        for (int i = 0; i < 12; i++) {
            if (signs.getDouble(i) < 0) {
                x.putScalar(i, -x.getDouble(i));
            }
        }
        GradientCheck.check(t -> Activations.get(name).apply(t.get(0)), x);
    }

    @Test
    void softmaxRowsSumToOneAndRecordLogits() {
        INDArray x = TestArrays.uniform(3, -2, 2, 3, 4);
        Tensor in = Tensor.of(x);
        Tensor out = Activations.get("softmax").apply(in);
        for (int r = 0; r < 3; r++) {
            double sum = 0;
            double denom = 0;
            for (int c = 0; c < 4; c++) {
                sum += out.value().getDouble(r, c);
                denom += Math.exp(x.getDouble(r, c));
            }
            assertEquals(1.0, sum, 1e-6);
            assertEquals(Math.exp(x.getDouble(r, 0)) / denom, out.value().getDouble(r, 0), 1e-6);
        }
        assertNotNull(out.logits());
        assertNotNull(Activations.get("sigmoid").apply(in).logits());
    }

    @Test
    void namesAndErrors() {
        assertEquals(Set.of("linear", "relu", "sigmoid", "hard_sigmoid", "tanh", "softmax", "elu", "selu", "softplus",
                "softsign", "exponential", "swish", "gelu"), Activations.names());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.get("sigmod"));
        assertEquals("Unknown activation 'sigmod'. Did you mean 'sigmoid'? Known: elu, exponential, gelu, hard_sigmoid,"
                + " linear, relu, selu, sigmoid, softmax, softplus, softsign, swish, tanh", e.getMessage());
        assertEquals("relu", Activations.nameOf(Activations.get("relu")));
        assertEquals("linear", Activations.nameOf(Activations.get(null)));
        assertEquals("tanh", Activations.nameOf(Activations.get("TANH")));
        Activation custom = x -> x.mul(2.0);
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> Activations.nameOf(custom));
        assertTrue(c.getMessage().contains("cannot be written to a config"), c.getMessage());
    }
}
