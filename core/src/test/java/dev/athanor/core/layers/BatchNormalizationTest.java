package dev.athanor.core.layers;

import static dev.athanor.core.testing.Asserts.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.Variable;
import dev.athanor.core.testing.TestArrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reference values are computed by hand (plain loops over doubles) from Keras 2.6's formulas. */
class BatchNormalizationTest extends Float64Test {

    // x: 4 samples, 2 features.
    private static final double[][] X = {{1, 10}, {2, 20}, {3, 30}, {6, 60}};

    private static INDArray x() {
        return Nd4j.createFromArray(X);
    }

    @Test
    void weightsInKerasOrder() {
        BatchNormalization bn = new BatchNormalization().name("bn_w");
        LayerTesting.run1(bn, false, x());
        List<Variable> v = bn.variables();
        assertEquals(List.of("bn_w/gamma:0", "bn_w/beta:0", "bn_w/moving_mean:0", "bn_w/moving_variance:0"),
                v.stream().map(Variable::name).toList());
        assertEquals(2, bn.trainableWeights().size());
        assertEquals(2, bn.nonTrainableWeights().size());
    }

    @Test
    void trainingUsesBiasedBatchStatisticsAndUpdatesMovingAverages() {
        BatchNormalization bn = new BatchNormalization();
        INDArray out = LayerTesting.run1(bn, true, x()).value();
        // feature 0: mean 3, biased var ((-2)^2 + (-1)^2 + 0 + 3^2) / 4 = 3.5
        // feature 1: mean 30, var 350
        double[] mean = {3, 30};
        double[] var = {3.5, 350};
        double[] expected = new double[8];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 2; j++) {
                expected[i * 2 + j] = (X[i][j] - mean[j]) / Math.sqrt(var[j] + 1e-3);
            }
        }
        assertAllClose(expected, out.dup().data().asDouble(), 1e-12, 1e-12);
        // moving = moving * 0.99 + batch * 0.01 from zeros / ones
        assertAllClose(new double[] {0.03, 0.3}, bn.movingMean().value().data().asDouble(), 1e-12, 1e-15);
        assertAllClose(new double[] {0.99 + 0.035, 0.99 + 3.5}, bn.movingVariance().value().data().asDouble(),
                1e-12, 1e-15);
        // a second step: 0.03 * 0.99 + 3 * 0.01 = 0.0597; (0.99 + 0.035) * 0.99 + 0.035 = 1.04975
        LayerTesting.run1(bn, true, x());
        assertAllClose(new double[] {0.0597, 0.597}, bn.movingMean().value().data().asDouble(), 1e-12, 1e-15);
        // moving_variance[1]: (0.99 + 3.5) * 0.99 + 350 * 0.01 = 4.4451 + 3.5 = 7.9451
        assertAllClose(new double[] {1.04975, 7.9451}, bn.movingVariance().value().data().asDouble(), 1e-12, 1e-15);
    }

    @Test
    void inferenceUsesMovingStatisticsAndGammaBeta() {
        BatchNormalization bn = new BatchNormalization().momentum(0.5).epsilon(0.01);
        LayerTesting.run1(bn, false, x());
        bn.setWeights(List.of(Nd4j.createFromArray(2.0, 3.0), Nd4j.createFromArray(0.5, -1.0),
                Nd4j.createFromArray(1.0, 2.0), Nd4j.createFromArray(4.0, 9.0)));
        INDArray out = LayerTesting.run1(bn, false, x()).value();
        double[] g = {2, 3};
        double[] b = {0.5, -1};
        double[] mm = {1, 2};
        double[] mv = {4, 9};
        double[] expected = new double[8];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 2; j++) {
                expected[i * 2 + j] = g[j] * (X[i][j] - mm[j]) / Math.sqrt(mv[j] + 0.01) + b[j];
            }
        }
        assertAllClose(expected, out.dup().data().asDouble(), 1e-12, 1e-12);
        // inference leaves the moving statistics alone
        assertAllClose(new double[] {1, 2}, bn.movingMean().value().data().asDouble(), 0, 0);
        // a frozen layer normalizes with the moving statistics even when training
        bn.trainable(false);
        INDArray frozen = LayerTesting.run1(bn, true, x()).value();
        assertAllClose(expected, frozen.dup().data().asDouble(), 1e-12, 1e-12);
        assertAllClose(new double[] {4, 9}, bn.movingVariance().value().data().asDouble(), 0, 0);
    }

    @Test
    void axisOneOfRankThreeReducesOverBatchAndLastAxis() {
        BatchNormalization bn = new BatchNormalization().axis(1).momentum(0.0);
        INDArray in = TestArrays.uniform(3, -2, 2, 2, 3, 4);
        INDArray out = LayerTesting.run1(bn, true, in).value();
        assertEquals(3, bn.movingMean().value().length());
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            for (int n = 0; n < 2; n++) {
                for (int t = 0; t < 4; t++) {
                    sum += in.getDouble(n, c, t);
                }
            }
            double mean = sum / 8;
            double sq = 0;
            for (int n = 0; n < 2; n++) {
                for (int t = 0; t < 4; t++) {
                    sq += (in.getDouble(n, c, t) - mean) * (in.getDouble(n, c, t) - mean);
                }
            }
            double var = sq / 8;
            // momentum 0: the moving statistics become the batch statistics
            assertEquals(mean, bn.movingMean().value().getDouble(c), 1e-12);
            assertEquals(var, bn.movingVariance().value().getDouble(c), 1e-12);
            for (int n = 0; n < 2; n++) {
                for (int t = 0; t < 4; t++) {
                    assertEquals((in.getDouble(n, c, t) - mean) / Math.sqrt(var + 1e-3), out.getDouble(n, c, t), 1e-12);
                }
            }
        }
        assertEquals(List.of(1), bn.config().get("axis"));
    }

    @Test
    void gradientsInTrainingAndInference() {
        INDArray in = TestArrays.uniform(4, -1, 1, 5, 3);
        BatchNormalization bn = new BatchNormalization().gammaInitializer("random_uniform")
                .betaInitializer("random_normal");
        LayerTesting.checkInputGradient(bn, true, in);
        LayerTesting.checkWeightGradients(bn, true, in);
        LayerTesting.checkInputGradient(bn, false, in);
        LayerTesting.checkWeightGradients(bn, false, in);
        BatchNormalization ax = new BatchNormalization().axis(1);
        INDArray in3 = TestArrays.uniform(5, -1, 1, 2, 3, 2);
        LayerTesting.checkInputGradient(ax, true, in3);
        LayerTesting.checkWeightGradients(ax, true, in3);
    }

    @Test
    void optionsAndShapeErrors() {
        BatchNormalization noScale = new BatchNormalization().scale(false).center(false);
        LayerTesting.run1(noScale, true, x());
        assertEquals(0, noScale.trainableWeights().size());
        BatchNormalization bn = new BatchNormalization().name("bn_shape");
        LayerTesting.run1(bn, true, x());
        LayerShapeException e = assertThrows(LayerShapeException.class,
                () -> LayerTesting.run1(bn, true, Nd4j.ones(4, 3)));
        assertEquals("Layer 'bn_shape' expects input shape (None, 2) but received (None, 3)."
                + " BatchNormalization was built for 2 features on axis 1 of rank-2 inputs.", e.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
                () -> new BatchNormalization().momentum(-1));
        assertEquals("`momentum` must be in [0, 1]. Received: momentum=-1.0", m.getMessage());
        assertThrows(LayerShapeException.class, () -> LayerTesting.run1(new BatchNormalization().axis(0), true, x()));
    }

    @Test
    void configRoundTripsBeforeAndAfterBuild() {
        BatchNormalization bn = new BatchNormalization().momentum(0.9).epsilon(1e-5).center(false)
                .gammaRegularizer("l2").betaConstraint("non_neg");
        assertEquals(-1, bn.config().get("axis"));
        LayerTesting.assertRoundTrip(bn);
        LayerTesting.run1(bn, false, x());
        LayerTesting.assertRoundTrip(bn);
        assertEquals(List.of("name", "trainable", "dtype", "axis", "momentum", "epsilon", "center", "scale",
                "beta_initializer", "gamma_initializer", "moving_mean_initializer", "moving_variance_initializer",
                "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint"),
                List.copyOf(bn.config().keySet()));
    }
}
