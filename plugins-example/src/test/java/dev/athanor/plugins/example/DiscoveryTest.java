package dev.athanor.plugins.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.FitOptions;
import dev.athanor.core.History;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.Sequential;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.registry.Registries;
import dev.athanor.datasets.Datasets;
import dev.athanor.losses.Utils;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** With the plugin on the class path, its components resolve by name through ServiceLoader. */
class DiscoveryTest {

    @Test
    void everyComponentIsRegisteredUnderItsName() {
        Registries r = Registries.defaults();
        assertTrue(r.losses().names().containsAll(List.of("label_smoothing_crossentropy", "fourth_power_error")));
        assertTrue(r.layers().names().containsAll(List.of("Sampling", "CustomVariationalLayer")));
        assertTrue(r.callbacks().names().contains("TimeStopping"));
        assertEquals(List.of(), r.losses().failures());
        assertEquals(List.of(), r.layers().failures());
        assertEquals(List.of(), r.callbacks().failures());
    }

    @Test
    void compileByNameTrainsAndTheSavedModelNamesTheLoss(@TempDir Path dir) {
        Datasets.Data digits = Datasets.digits();
        INDArray y = Utils.toCategorical(digits.labels(), 10);
        Sequential model = new Sequential();
        model.add(new Dense(32).activation("relu").inputDim(64));
        model.add(new Dense(10).activation("softmax"));
        model.compile("adam", "label_smoothing_crossentropy", List.of("acc"));
        assertInstanceOf(LabelSmoothingCrossentropy.class, model.losses().get(0));
        History h = model.fit(digits.x(), y, new FitOptions().epochs(4).batchSize(32).seed(5).verbose(0)
                .callbacks(new TimeStopping().seconds(3600)));
        List<Double> loss = h.history().get("loss");
        assertTrue(loss.get(3) < 0.6 * loss.get(0), loss.toString());
        assertTrue(h.history().get("acc").get(3) > 0.85, h.history().toString());

        Path file = dir.resolve("smooth.h5");
        model.save(file);
        Model again = Models.load(file);
        assertEquals(List.of("label_smoothing_crossentropy"), again.lossNames());
        assertInstanceOf(LabelSmoothingCrossentropy.class, again.losses().get(0));
        assertEquals(model.evaluate(digits.x(), y)[0], again.evaluate(digits.x(), y)[0], 1e-6);
    }

    @Test
    void fourthPowerErrorByNameFitsALine() {
        INDArray x = dev.athanor.core.testing.TestArrays.uniform(11, -1, 1, 64, 1)
                .castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray y = x.mul(2).add(0.5);
        Sequential model = new Sequential();
        model.add(new Dense(1).inputDim(1));
        model.compile(new dev.athanor.optimizers.Adam().learningRate(0.05), "fourth_power_error");
        History h = model.fit(x, y, new FitOptions().epochs(30).batchSize(16).seed(1).verbose(0));
        List<Double> loss = h.history().get("loss");
        assertTrue(loss.get(loss.size() - 1) < 0.5 * loss.get(0), loss.toString());
    }

    @Test
    void aConfiguredLossKeepsItsConfigThroughASavedModel(@TempDir Path dir) {
        Sequential model = new Sequential();
        model.add(new Dense(3).activation("softmax").inputDim(4));
        model.compile(new dev.athanor.optimizers.Adam(), new LabelSmoothingCrossentropy().smoothing(0.2));
        Path file = dir.resolve("configured.h5");
        model.save(file);
        Model again = Models.load(file);
        assertEquals(List.of("label_smoothing_crossentropy"), again.lossNames());
        assertEquals(0.2, ((LabelSmoothingCrossentropy) again.losses().get(0)).smoothing());
    }
}
