package dev.athanor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Backend;
import dev.athanor.core.FitOptions;
import dev.athanor.core.History;
import dev.athanor.core.Loss;
import dev.athanor.core.Sequential;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.registry.Registries;
import dev.athanor.core.testing.Asserts;
import dev.athanor.core.testing.TestArrays;
import dev.athanor.datasets.Datasets;
import dev.athanor.losses.Utils;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A downstream project with the athanor-plugins-example jar on its class path: the plugin's
 * components resolve by name with no configuration, and agree with the memo's lambda forms.
 */
class PluginOnClassPathTest {

    @Test
    void compileByTheRegistryNameOfAPluginLoss() {
        Datasets.Data digits = Datasets.digits();
        INDArray y = Utils.toCategorical(digits.labels(), 10);
        Sequential model = new Sequential();
        model.add(new Dense(10).activation("softmax").inputDim(64));
        model.compile("adam", "label_smoothing_crossentropy");
        assertEquals("dev.athanor.plugins.example.LabelSmoothingCrossentropy",
                model.losses().get(0).getClass().getName());
        History h = model.fit(digits.x(), y, new FitOptions().epochs(2).batchSize(64).seed(1).verbose(0));
        List<Double> loss = h.history().get("loss");
        assertTrue(loss.get(1) < loss.get(0), loss.toString());
    }

    @Test
    void pluginLossesEqualTheMemosLambdas() {
        INDArray yTrue = TestArrays.uniform(1, 0, 1, 4, 5);
        INDArray yPred = TestArrays.uniform(2, 0.05, 1, 4, 5);
        String before = Backend.floatx();
        Backend.setFloatx("float64");
        try {
            Tensor t = Tensor.of(yTrue);
            Tensor p = Tensor.of(yPred);
            Loss fourth = (a, b) -> b.sub(a).pow(4).mean(-1);
            Asserts.assertAllClose(fourth.call(t, p).value(),
                    Registries.defaults().losses().create("fourth_power_error").call(t, p).value(), 1e-12, 1e-12);
            Loss smooth = (a, b) -> Backend.categoricalCrossentropy(a, b).mul(0.9)
                    .add(Backend.categoricalCrossentropy(Backend.onesLike(b).div(5), b).mul(0.1));
            Asserts.assertAllClose(smooth.call(t, p).value(),
                    Registries.defaults().losses().create("label_smoothing_crossentropy").call(t, p).value(),
                    1e-12, 1e-12);
        } finally {
            Backend.setFloatx(before);
        }
    }
}
