package dev.athanor.plugins.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.registry.Registries;
import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.ConfigRoundTrip;
import dev.athanor.core.testing.GradientCheck;
import dev.athanor.core.testing.TestArrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The custom-op example: values and gradient against the formulas evaluated with java.lang.Math. */
class SnakeTest {

    @Test
    void valuesAndGradientMatchTheFormulas() {
        Float64.run(() -> {
            INDArray x = TestArrays.uniform(11, -3, 3, 4, 5);
            double a = 1.7;
            Tensor in = Tensor.variable(x);
            Tensor y = new Snake().alpha(a).callOn(List.of(in), false).get(0);
            y.sum().backward();
            double[] xs = x.data().asDouble();
            double[] expectedY = new double[xs.length];
            double[] expectedGrad = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                double s = Math.sin(a * xs[i]);
                expectedY[i] = xs[i] + s * s / a;
                expectedGrad[i] = 1 + Math.sin(2 * a * xs[i]);
            }
            Asserts.assertAllClose(expectedY, y.value().data().asDouble(), 1e-12, 1e-12);
            Asserts.assertAllClose(expectedGrad, in.grad().data().asDouble(), 1e-12, 1e-12);
            return null;
        });
    }

    @Test
    void finiteDifferenceGradientCheck() {
        GradientCheck.check(in -> Snake.snake(in.get(0), 0.8).mul(in.get(0)), TestArrays.uniform(3, -2, 2, 3, 4));
    }

    @Test
    void configRoundTripAndValidation() {
        Snake again = (Snake) ConfigRoundTrip.assertRoundTrip((Layer) new Snake().alpha(0.5).name("snake_a"),
                Registries.defaults().layers());
        assertEquals(0.5, again.alpha());
        var e = assertThrows(IllegalArgumentException.class, () -> new Snake().alpha(0));
        assertEquals("Snake's alpha must be a positive finite number. Received: 0.0", e.getMessage());
    }
}
