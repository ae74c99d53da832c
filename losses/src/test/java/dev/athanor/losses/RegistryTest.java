package dev.athanor.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Backend;
import dev.athanor.core.Loss;
import dev.athanor.core.Metric;
import dev.athanor.core.Tensor;
import dev.athanor.core.registry.Registries;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.factory.Nd4j;

/** Every Keras name resolves, through the facades and through core's registries. */
class RegistryTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "mean_squared_error, MeanSquaredError", "mse, MeanSquaredError", "MSE, MeanSquaredError",
        "MeanSquaredError, MeanSquaredError",
        "mean_absolute_error, MeanAbsoluteError", "mae, MeanAbsoluteError", "MAE, MeanAbsoluteError",
        "MeanAbsoluteError, MeanAbsoluteError",
        "mean_absolute_percentage_error, MeanAbsolutePercentageError", "mape, MeanAbsolutePercentageError",
        "MAPE, MeanAbsolutePercentageError", "MeanAbsolutePercentageError, MeanAbsolutePercentageError",
        "mean_squared_logarithmic_error, MeanSquaredLogarithmicError", "msle, MeanSquaredLogarithmicError",
        "MSLE, MeanSquaredLogarithmicError", "MeanSquaredLogarithmicError, MeanSquaredLogarithmicError",
        "squared_hinge, SquaredHinge", "SquaredHinge, SquaredHinge", "hinge, Hinge", "Hinge, Hinge",
        "categorical_hinge, CategoricalHinge", "CategoricalHinge, CategoricalHinge",
        "logcosh, LogCosh", "log_cosh, LogCosh", "LogCosh, LogCosh",
        "huber, Huber", "huber_loss, Huber", "Huber, Huber",
        "categorical_crossentropy, CategoricalCrossentropy", "CategoricalCrossentropy, CategoricalCrossentropy",
        "sparse_categorical_crossentropy, SparseCategoricalCrossentropy",
        "SparseCategoricalCrossentropy, SparseCategoricalCrossentropy",
        "binary_crossentropy, BinaryCrossentropy", "BinaryCrossentropy, BinaryCrossentropy",
        "kullback_leibler_divergence, KLDivergence", "kld, KLDivergence", "KLD, KLDivergence",
        "kl_divergence, KLDivergence", "KLDivergence, KLDivergence",
        "poisson, Poisson", "Poisson, Poisson",
        "cosine_proximity, CosineSimilarity", "cosine_similarity, CosineSimilarity", "cosine, CosineSimilarity",
        "CosineSimilarity, CosineSimilarity"})
    void everyLossNameResolves(String name, String registryName) {
        Loss loss = Losses.get(name);
        assertEquals(registryName, loss.registryName());
        assertEquals(registryName, Registries.defaults().losses().canonicalName(name));
        assertEquals(loss.getClass().getSimpleName(), registryName);
    }

    @ParameterizedTest(name = "{0} -> {1}, higher is better: {2}")
    @CsvSource({
        "accuracy, accuracy, true", "acc, accuracy, true",
        "binary_accuracy, BinaryAccuracy, true", "BinaryAccuracy, BinaryAccuracy, true",
        "categorical_accuracy, CategoricalAccuracy, true", "CategoricalAccuracy, CategoricalAccuracy, true",
        "sparse_categorical_accuracy, SparseCategoricalAccuracy, true",
        "top_k_categorical_accuracy, TopKCategoricalAccuracy, true",
        "sparse_top_k_categorical_accuracy, SparseTopKCategoricalAccuracy, true",
        "mse, MeanSquaredError, false", "MSE, MeanSquaredError, false", "mean_squared_error, MeanSquaredError, false",
        "mae, MeanAbsoluteError, false", "MAE, MeanAbsoluteError, false",
        "mape, MeanAbsolutePercentageError, false", "msle, MeanSquaredLogarithmicError, false",
        "squared_hinge, SquaredHinge, false", "hinge, Hinge, false", "categorical_hinge, CategoricalHinge, false",
        "logcosh, LogCoshError, false", "log_cosh, LogCoshError, false", "huber, Huber, false",
        "categorical_crossentropy, CategoricalCrossentropy, false",
        "sparse_categorical_crossentropy, SparseCategoricalCrossentropy, false",
        "binary_crossentropy, BinaryCrossentropy, false",
        "kullback_leibler_divergence, KLDivergence, false", "kld, KLDivergence, false", "KLD, KLDivergence, false",
        "poisson, Poisson, false", "cosine_proximity, cosine_proximity, false",
        "cosine_similarity, CosineSimilarity, true"})
    void everyMetricNameResolvesWithItsDirection(String name, String registryName, boolean higherIsBetter) {
        Metric m = Metrics.get(name);
        assertEquals(registryName, m.registryName());
        assertEquals(higherIsBetter, m.higherIsBetter());
    }

    @Test
    void unknownNameFailsWithTheClosestMatch() {
        var e = assertThrows(IllegalArgumentException.class, () -> Losses.get("mean_sqared_error"));
        assertTrue(e.getMessage().contains("mean_squared_error"), e.getMessage());
    }

    @Test
    void noProviderFailedToLoad() {
        assertEquals(java.util.List.of(), Registries.defaults().losses().failures());
        assertEquals(java.util.List.of(), Registries.defaults().metrics().failures());
    }

    @Test
    void accuracySpecializesByLossAndShape() {
        Metric acc = Metrics.get("acc");
        assertInstanceOf(BinaryAccuracy.class, acc.specialize(Losses.get("binary_crossentropy"), new long[] {-1, 5}));
        assertInstanceOf(BinaryAccuracy.class, acc.specialize(Losses.get("mse"), new long[] {-1, 1}));
        assertInstanceOf(BinaryAccuracy.class, acc.specialize(null, new long[] {-1, 1}));
        assertInstanceOf(SparseCategoricalAccuracy.class,
                acc.specialize(Losses.get("sparse_categorical_crossentropy"), new long[] {-1, 10}));
        assertInstanceOf(CategoricalAccuracy.class,
                acc.specialize(Losses.get("categorical_crossentropy"), new long[] {-1, 10}));
        assertSame(acc, acc.specialize(null, new long[] {-1, 10}));
        assertSame(acc, acc.specialize((yTrue, yPred) -> yPred, new long[] {-1, 10}));
    }

    @Test
    void unspecializedAccuracyDecidesByShapes() {
        String before = Backend.floatx();
        Backend.setFloatx("float64");
        try {
            Metric acc = Metrics.get("accuracy");
            var p = Nd4j.createFromArray(new double[][] {{0.1, 0.7, 0.2}, {0.6, 0.3, 0.1}});
            double[] sparse = acc.call(Tensor.of(Nd4j.createFromArray(1.0, 1.0)), Tensor.of(p)).value()
                    .toDoubleVector();
            assertEquals(1.0, sparse[0]);
            assertEquals(0.0, sparse[1]);
            double[] sparseCol = acc.call(Tensor.of(Nd4j.createFromArray(new double[][] {{1}, {0}})), Tensor.of(p))
                    .value().toDoubleVector();
            assertEquals(1.0, sparseCol[1]);
            double[] cat = acc.call(Tensor.of(Nd4j.createFromArray(new double[][] {{0, 1, 0}, {0, 0, 1}})),
                    Tensor.of(p)).value().toDoubleVector();
            assertEquals(1.0, cat[0]);
            assertEquals(0.0, cat[1]);
            double[] bin = acc.call(Tensor.of(Nd4j.createFromArray(new double[][] {{1}, {0}})),
                    Tensor.of(Nd4j.createFromArray(new double[][] {{0.8}, {0.9}}))).value().toDoubleVector();
            assertEquals(1.0, bin[0]);
            assertEquals(0.0, bin[1]);
        } finally {
            Backend.setFloatx(before);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mse", "binary_crossentropy", "categorical_crossentropy"})
    void aLambdaIsALossAndNeedsNoGradientCode(String reference) {
        Loss custom = (yTrue, yPred) -> yPred.sub(yTrue).square().mean(-1);
        var y = Nd4j.createFromArray(new double[][] {{0.0, 1.0}, {1.0, 0.0}});
        Tensor p = Tensor.variable(Nd4j.createFromArray(new double[][] {{0.3, 0.6}, {0.8, 0.1}}));
        custom.call(Tensor.of(y), p).mean().backward();
        assertFalse(p.grad() == null);
        assertTrue(Losses.get(reference) instanceof KerasLoss);
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Losses.get("mse").call(
                Tensor.of(Nd4j.zeros(2, 3)), Tensor.of(Nd4j.zeros(2, 4))));
        assertEquals("MeanSquaredError: yTrue and yPred must have the same shape. Received: yTrue.shape=[2, 3], "
                + "yPred.shape=[2, 4]", e.getMessage());
    }

    @Test
    void targetsWithoutTheTrailingOneAreAligned() {
        Tensor out = Losses.get("mse").call(Tensor.of(Nd4j.createFromArray(1.0, 2.0)),
                Tensor.of(Nd4j.createFromArray(new double[][] {{0.0}, {4.0}})));
        assertEquals(2, out.value().length());
        assertEquals(4.0, out.value().getDouble(1), 1e-12);
    }

    @Test
    void sparseLabelOutOfRangeFailsNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> Losses.get("sparse_categorical_crossentropy")
                .call(Tensor.of(Nd4j.createFromArray(0.0, 3.0)), Tensor.of(Nd4j.rand(2, 3))));
        assertTrue(e.getMessage().contains("3.0"), e.getMessage());
    }

    @Test
    void configsFromKerasFilesLoad() {
        // what tf.keras 2.6 writes for compile(loss=CategoricalCrossentropy(label_smoothing=0.1))
        Loss l = Losses.get("CategoricalCrossentropy", Map.of("reduction", "auto", "name", "categorical_crossentropy",
                "from_logits", false, "label_smoothing", 0.1));
        assertEquals(0.1, ((CategoricalCrossentropy) l).labelSmoothing());
        Metric m = Metrics.get("BinaryAccuracy", Map.of("name", "binary_accuracy", "dtype", "float32",
                "threshold", 0.7));
        assertEquals(0.7, ((BinaryAccuracy) m).threshold());
        Losses.get("Huber", Map.of("reduction", "sum_over_batch_size", "name", "huber_loss", "delta", 2.0));
    }

    /** A loader that sees Athanor's classes but no META-INF/services: registries without any module. */
    private static ClassLoader withoutProviders() {
        return new java.net.URLClassLoader(new java.net.URL[0], RegistryTest.class.getClassLoader()) {
            @Override
            public java.util.Enumeration<java.net.URL> getResources(String name) throws java.io.IOException {
                return name.startsWith("META-INF/services/") ? findResources(name) : super.getResources(name);
            }
        };
    }

    @Test
    void everyLossAndMetricNameOfThisModuleNamesTheArtifactWhenTheModuleIsAbsent() {
        Registries absent = Registries.discover(withoutProviders());
        java.util.List<String> unnamed = new java.util.ArrayList<>();
        for (String name : Registries.defaults().metrics().names()) {
            if (!Registries.defaults().metrics().create(name).getClass().getPackageName().equals("dev.athanor.losses")) {
                continue;
            }
            var e = assertThrows(dev.athanor.core.registry.UnknownComponentException.class,
                    () -> absent.metrics().create(name));
            if (!e.getMessage().contains("dev.athanor:athanor-losses")) {
                unnamed.add("metric " + name);
            }
        }
        for (String name : Registries.defaults().losses().names()) {
            if (!Registries.defaults().losses().create(name).getClass().getPackageName().equals("dev.athanor.losses")) {
                continue;
            }
            var e = assertThrows(dev.athanor.core.registry.UnknownComponentException.class,
                    () -> absent.losses().create(name));
            if (!e.getMessage().contains("dev.athanor:athanor-losses")) {
                unnamed.add("loss " + name);
            }
        }
        assertEquals(java.util.List.of(), unnamed);
    }
}
