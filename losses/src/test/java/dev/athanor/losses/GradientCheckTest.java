package dev.athanor.losses;

import dev.athanor.core.Backend;
import dev.athanor.core.Loss;
import dev.athanor.core.Tensor;
import dev.athanor.core.testing.GradientCheck;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference gradient check (double precision) for every loss with respect to
 * {@code yPred}, at points away from kinks and clip boundaries; for the regression losses also
 * with respect to {@code yTrue}.
 */
class GradientCheckTest {

    private static final int N = 3;
    private static final int K = 4;

    static INDArray uniform(long seed, double lo, double hi) {
        Random r = new Random(seed);
        double[] d = new double[N * K];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * r.nextDouble();
        }
        return Nd4j.createFromArray(d).castTo(DataType.DOUBLE).reshape(N, K);
    }

    static INDArray normal(long seed, double scale) {
        Random r = new Random(seed);
        double[] d = new double[N * K];
        for (int i = 0; i < d.length; i++) {
            d[i] = scale * r.nextGaussian();
        }
        return Nd4j.createFromArray(d).castTo(DataType.DOUBLE).reshape(N, K);
    }

    static INDArray probs(long seed) {
        INDArray u = uniform(seed, 0.1, 1.0);
        return u.divColumnVector(u.sum(1));
    }

    static INDArray oneHot(int... labels) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, labels.length, K);
        for (int i = 0; i < labels.length; i++) {
            y.putScalar(i, labels[i], 1.0);
        }
        return y;
    }

    static INDArray binary(long seed) {
        INDArray u = uniform(seed, 0, 1);
        return u.gt(0.5).castTo(DataType.DOUBLE);
    }

    static INDArray labels() {
        return Nd4j.createFromArray(0.0, 3.0, 1.0);
    }

    static Stream<Arguments> cases() {
        // JUnit closes AutoCloseable arguments (INDArray is one) after each invocation: no sharing
        return Stream.of(
                Arguments.of("mse", Map.of(), normal(1, 1), normal(2, 1)),
                Arguments.of("mae", Map.of(), normal(3, 1), normal(4, 1)),
                Arguments.of("mape", Map.of(), uniform(5, 0.5, 2), uniform(6, 0.1, 3)),
                Arguments.of("msle", Map.of(), uniform(7, 0, 3), uniform(8, 0.1, 3)),
                Arguments.of("hinge", Map.of(), binary(9), normal(10, 0.5)),
                Arguments.of("squared_hinge", Map.of(), binary(11), normal(12, 0.5)),
                Arguments.of("categorical_hinge", Map.of(), oneHot(0, 2, 3), normal(13, 1)),
                Arguments.of("logcosh", Map.of(), normal(14, 2), normal(15, 2)),
                Arguments.of("huber", Map.of(), normal(16, 2), normal(17, 2)),
                Arguments.of("huber", Map.of("delta", 0.3), normal(18, 1), normal(19, 1)),
                Arguments.of("categorical_crossentropy", Map.of(), oneHot(1, 0, 3), probs(20)),
                Arguments.of("categorical_crossentropy", Map.of("label_smoothing", 0.1), probs(21), probs(22)),
                Arguments.of("categorical_crossentropy", Map.of("from_logits", true), oneHot(1, 0, 3), normal(23, 3)),
                Arguments.of("categorical_crossentropy", Map.of("from_logits", true, "label_smoothing", 0.2),
                        oneHot(2, 2, 0), normal(24, 3)),
                Arguments.of("sparse_categorical_crossentropy", Map.of(), labels(), probs(25)),
                Arguments.of("sparse_categorical_crossentropy", Map.of("from_logits", true), labels(), normal(26, 3)),
                Arguments.of("binary_crossentropy", Map.of(), binary(27), uniform(28, 0.05, 0.95)),
                Arguments.of("binary_crossentropy", Map.of("label_smoothing", 0.2), binary(29),
                        uniform(30, 0.05, 0.95)),
                Arguments.of("binary_crossentropy", Map.of("from_logits", true), binary(31), normal(32, 3)),
                Arguments.of("kld", Map.of(), probs(33), probs(34)),
                Arguments.of("poisson", Map.of(), uniform(35, 0, 4), uniform(36, 0.1, 3)),
                Arguments.of("cosine_proximity", Map.of(), normal(37, 1), normal(38, 1)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void gradientWithRespectToPredictions(String name, Map<String, Object> config, INDArray yTrue, INDArray yPred) {
        Loss loss = Losses.get(name, config);
        GradientCheck.check(xs -> loss.call(Tensor.of(yTrue.castTo(Backend.floatx().equals("float64")
                ? DataType.DOUBLE : DataType.FLOAT)), xs.get(0)), yPred);
    }

    static Stream<Arguments> regressionCases() {
        return cases().filter(a -> List.of("mse", "mae", "mape", "msle", "logcosh", "huber", "kld", "poisson",
                "cosine_proximity").contains((String) a.get()[0]));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("regressionCases")
    void gradientWithRespectToBothInputs(String name, Map<String, Object> config, INDArray yTrue, INDArray yPred) {
        Loss loss = Losses.get(name, config);
        GradientCheck.check(xs -> loss.call(xs.get(0), xs.get(1)), yTrue, yPred);
    }
}
