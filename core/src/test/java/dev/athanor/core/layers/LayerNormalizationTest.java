package dev.athanor.core.layers;

import static dev.athanor.core.testing.Asserts.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.Variable;
import dev.athanor.core.testing.TestArrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** LayerNormalization (values also in {@link ConvGoldenTest}) and BatchNormalization on conv feature maps. */
class LayerNormalizationTest extends Float64Test {

    @Test
    void normalizesEachSampleByHand() {
        double[][] x = {{1, 2, 6}, {-3, 0, 3}};
        INDArray out = LayerTesting.run1(new LayerNormalization(), true, Nd4j.createFromArray(x)).value();
        double[] expected = new double[6];
        for (int i = 0; i < 2; i++) {
            double mean = (x[i][0] + x[i][1] + x[i][2]) / 3;
            double var = 0;
            for (double v : x[i]) {
                var += (v - mean) * (v - mean) / 3;
            }
            for (int j = 0; j < 3; j++) {
                expected[i * 3 + j] = (x[i][j] - mean) / Math.sqrt(var + 1e-3);
            }
        }
        assertAllClose(expected, out.dup().data().asDouble(), 1e-12, 1e-12);
    }

    @Test
    void weightsAndShapes() {
        LayerNormalization ln = new LayerNormalization().axis(1, 2).name("ln");
        LayerTesting.run1(ln, false, TestArrays.uniform(1, -1, 1, 2, 3, 4, 5));
        assertEquals(List.of("ln/gamma:0", "ln/beta:0"), ln.variables().stream().map(Variable::name).toList());
        assertArrayEquals(new long[] {3, 4}, ln.variables().get(0).value().shape());
        LayerShapeException e = assertThrows(LayerShapeException.class,
                () -> LayerTesting.run1(ln, false, TestArrays.uniform(1, -1, 1, 2, 3, 5, 5)));
        assertEquals("Layer 'ln' expects input shape (None, 3, 4, 5) but received (None, 3, 5, 5). LayerNormalization"
                + " was built for axes [1, 2] of shape (None, 3, 4, 5).", e.getMessage());
        assertThrows(LayerShapeException.class,
                () -> LayerTesting.run1(new LayerNormalization().axis(0), false, TestArrays.uniform(1, 0, 1, 2, 3)));
    }

    @Test
    void gradients() {
        INDArray x = TestArrays.uniform(2, -1, 1, 3, 4, 3);
        for (LayerNormalization ln : List.of(new LayerNormalization().gammaInitializer("random_normal")
                .betaInitializer("random_normal"), new LayerNormalization().axis(-2, -1), new LayerNormalization()
                .axis(1).center(false))) {
            LayerTesting.checkInputGradient(ln, true, x);
            LayerTesting.checkWeightGradients(ln, true, x);
        }
    }

    @Test
    void configRoundTrip() {
        LayerNormalization ln = new LayerNormalization().axis(1, 2).epsilon(1e-6).scale(false).betaRegularizer("l1");
        LayerTesting.assertRoundTrip(ln);
        assertEquals(List.of(1, 2), ln.config().get("axis"));
        assertEquals(-1, new LayerNormalization().config().get("axis"));
        assertEquals(List.of("name", "trainable", "dtype", "axis", "epsilon", "center", "scale", "beta_initializer",
                "gamma_initializer", "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint"),
                List.copyOf(ln.config().keySet()));
    }

    @Test
    void batchNormalizationOverConvFeatureMapsHasGradients() {
        INDArray x = TestArrays.uniform(4, -1, 1, 3, 3, 2, 2);
        BatchNormalization bn = new BatchNormalization().gammaInitializer("random_normal");
        LayerTesting.checkInputGradient(bn, true, x);
        LayerTesting.checkWeightGradients(bn, true, x);
        assertArrayEquals(new long[] {2}, bn.movingMean().value().shape());
        BatchNormalization first = new BatchNormalization().axis(1);
        LayerTesting.checkInputGradient(first, true, x);
        assertArrayEquals(new long[] {3}, first.movingVariance().value().shape());
    }
}
