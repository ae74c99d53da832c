package dev.athanor.losses;

import static dev.athanor.core.testing.Asserts.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Backend;
import dev.athanor.core.Loss;
import dev.athanor.core.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saturated and degenerate inputs give finite losses and finite gradients, in float32 and float64;
 * a softmax (sigmoid) output feeding a crossentropy uses the fused form with gradient p - y.
 */
class StabilityTest {

    private String floatx;

    @BeforeEach
    void remember() {
        floatx = Backend.floatx();
    }

    @AfterEach
    void restore() {
        Backend.setFloatx(floatx);
    }

    private static INDArray arr(double[][] rows) {
        return Nd4j.createFromArray(rows).castTo(Nd4j.defaultFloatingPointType());
    }

    static Stream<Arguments> saturated() {
        double[][] oneHot = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        double[][] sat = {{1, 0, 0}, {1, 0, 0}, {0, 0, 1}};
        double[][] zeros = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};
        double[][] huge = {{1e30, -1e30, 0}, {-1e4, 1e4, 3}, {800, -800, 0}};
        double[][] negative = {{-1, -5, 2}, {0.5, -0.5, 0}, {-1e9, 1e9, 0}};
        return Stream.of(
                Arguments.of("mse", Map.of(), zeros, zeros),
                Arguments.of("mae", Map.of(), zeros, sat),
                Arguments.of("mape", Map.of(), zeros, sat),
                Arguments.of("msle", Map.of(), negative, negative),
                Arguments.of("msle", Map.of(), zeros, zeros),
                Arguments.of("hinge", Map.of(), oneHot, zeros),
                Arguments.of("squared_hinge", Map.of(), oneHot, sat),
                Arguments.of("categorical_hinge", Map.of(), oneHot, zeros),
                Arguments.of("logcosh", Map.of(), zeros, new double[][] {{1000, -1000, 0}, {800, -800, 1e-3},
                        {-720, 3, 2}}),
                Arguments.of("huber", Map.of(), zeros, huge),
                Arguments.of("categorical_crossentropy", Map.of(), oneHot, sat),
                Arguments.of("categorical_crossentropy", Map.of("label_smoothing", 0.1), oneHot, sat),
                Arguments.of("categorical_crossentropy", Map.of("from_logits", true), oneHot, huge),
                Arguments.of("binary_crossentropy", Map.of(), oneHot, sat),
                Arguments.of("binary_crossentropy", Map.of("label_smoothing", 0.1), oneHot, sat),
                Arguments.of("binary_crossentropy", Map.of("from_logits", true), oneHot, huge),
                Arguments.of("kld", Map.of(), oneHot, sat),
                Arguments.of("kld", Map.of(), zeros, zeros),
                Arguments.of("poisson", Map.of(), oneHot, zeros),
                Arguments.of("cosine_similarity", Map.of(), zeros, zeros),
                Arguments.of("cosine_similarity", Map.of(), oneHot, zeros));
    }

    @ParameterizedTest(name = "{0} {1} {3} ({4})")
    @MethodSource("withPrecision")
    void finiteLossAndGradient(String name, Map<String, Object> config, double[][] yTrue, double[][] yPred,
                               String precision) {
        Backend.setFloatx(precision);
        Loss loss = Losses.get(name, config);
        Tensor p = Tensor.variable(arr(yPred));
        Tensor out = loss.call(Tensor.of(arr(yTrue)), p);
        assertFinite(name + " loss", out.value());
        out.mean().backward();
        assertFinite(name + " gradient", p.grad());
    }

    static Stream<Arguments> withPrecision() {
        return saturated().flatMap(a -> Stream.of("float32", "float64").map(prec -> {
            Object[] args = Arrays.copyOf(a.get(), 5);
            args[4] = prec;
            return Arguments.of(args);
        }));
    }

    @Test
    void sparseSaturatedIsFinite() {
        Backend.setFloatx("float32");
        Tensor p = Tensor.variable(arr(new double[][] {{1, 0, 0}, {1, 0, 0}, {0, 0, 1}}));
        Tensor out = Losses.get("sparse_categorical_crossentropy")
                .call(Tensor.of(Nd4j.createFromArray(0f, 1f, 2f)), p);
        assertFinite("loss", out.value());
        out.mean().backward();
        assertFinite("gradient", p.grad());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"float32", "float64"})
    void softmaxIntoCategoricalCrossentropyIsFusedWithGradientPMinusY(String precision) {
        Backend.setFloatx(precision);
        INDArray z = arr(new double[][] {{1000, -1000, 0}, {-500, 500, 1}, {0.3, -0.2, 0.1}});
        INDArray y = arr(new double[][] {{0, 1, 0}, {0, 1, 0}, {1, 0, 0}});
        for (String name : new String[] {"categorical_crossentropy", "sparse_categorical_crossentropy"}) {
            Tensor logits = Tensor.variable(z.dup());
            Tensor probs = logits.softmax(-1);
            Tensor target = name.startsWith("sparse") ? Tensor.of(Nd4j.createFromArray(1.0, 1.0, 0.0)
                    .castTo(z.dataType())) : Tensor.of(y);
            Tensor loss = Losses.get(name).call(target, probs);
            assertFinite(name + " loss", loss.value());
            // row 0 puts all mass on the wrong class: about 2000 nats, not the clipped 16.1
            assertTrue(loss.value().getDouble(0) > 1999, name + " did not use the logits: " + loss.value());
            loss.sum().backward();
            assertAllClose(probs.value().sub(y), logits.grad(), 1e-5, 1e-6);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"float32", "float64"})
    void sigmoidIntoBinaryCrossentropyIsFusedWithGradientPMinusY(String precision) {
        Backend.setFloatx(precision);
        INDArray z = arr(new double[][] {{200, -200}, {-200, 0.5}});
        INDArray y = arr(new double[][] {{0, 1}, {0, 1}});
        Tensor logits = Tensor.variable(z.dup());
        Tensor probs = logits.sigmoid();
        Tensor loss = Losses.get("binary_crossentropy").call(Tensor.of(y), probs);
        assertFinite("loss", loss.value());
        assertTrue(loss.value().getDouble(0) > 199, "did not use the logits: " + loss.value());
        loss.sum().backward();
        // per-sample loss is a mean over 2 elements
        assertAllClose(probs.value().sub(y).div(2), logits.grad(), 1e-5, 1e-6);
    }

    private static void assertFinite(String what, INDArray a) {
        assertTrue(a != null, what + " is null");
        double[] d = a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector();
        for (double v : d) {
            assertTrue(Double.isFinite(v), what + " is not finite: " + a);
        }
    }
}
