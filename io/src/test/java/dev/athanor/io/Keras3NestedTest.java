package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.athanor.core.Model;
import dev.athanor.core.registry.Registries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Models nested in models, written by real Keras 3.15.1
 * ({@code resources/keras3-nested/make_nested_fixtures.py}): a Sequential in a functional model,
 * a two-input two-output functional model in a functional model, a Sequential in a Sequential,
 * and a frozen functional model holding a Sequential. Athanor splices their layers into the outer
 * model: predictions as Keras's (1e-5), one more training step from Keras's saved Adam state gives
 * Keras's weights (frozen layers stay put), and the flat model Athanor saves reads back the same.
 */
class Keras3NestedTest {

    static final Path DIR = Path.of("src", "test", "resources", "keras3-nested");

    @TempDir
    Path tmp;

    static List<INDArray> inputs(String name) throws IOException {
        List<INDArray> xs = new ArrayList<>();
        for (int i = 0; Files.exists(DIR.resolve(name + ".x" + i + ".npy")); i++) {
            xs.add(Npy.read(DIR.resolve(name + ".x" + i + ".npy")).castTo(DataType.FLOAT));
        }
        return xs;
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest
    @ValueSource(strings = {"seq_in_functional", "functional_in_functional", "seq_in_seq", "frozen_two_levels"})
    void loadsPredictsAndTrainsOnAsKeras(String name) throws IOException {
        Model m = new KerasFormat().load(DIR.resolve(name + ".keras"), Registries.defaults());
        List<INDArray> xs = inputs(name);
        INDArray y = m.predictAll(xs, 32).get(0);
        INDArray want = Npy.read(DIR.resolve(name + ".y.npy")).castTo(DataType.FLOAT);
        double pd = y.sub(want).amaxNumber().doubleValue();
        assertTrue(pd <= 1e-5, name + ": predictions differ by " + pd);
        assertEquals(2, m.optimizer().iterations(), name + ": Keras's optimizer state");

        Path file = tmp.resolve(name + ".keras");
        m.save(file);
        Model back = new KerasFormat().load(file, Registries.defaults());
        assertEquals(y, back.predictAll(xs, 32).get(0), name + ": Athanor's flat copy predicts the same");

        Map<String, Object> step = new ObjectMapper().readValue(DIR.resolve(name + ".json").toFile(),
                new TypeReference<Map<String, Object>>() { });
        INDArray t = Npy.read(DIR.resolve(name + ".t.npy")).castTo(DataType.FLOAT);
        double loss = m.trainOnBatch(xs, List.of(t))[0];
        List<Object> weights = (List<Object>) step.get("weights");
        List<INDArray> got = m.getWeights();
        assertEquals(weights.size(), got.size(), name + ": number of weights " + step.get("weight_paths"));
        double d = 0;
        for (int i = 0; i < got.size(); i++) {
            List<Object> w = (List<Object>) weights.get(i);
            INDArray g = got.get(i).castTo(DataType.DOUBLE).reshape(-1);
            assertEquals(w.size(), g.length(), name + ": size of weight " + i + " " + step.get("weight_paths"));
            for (int k = 0; k < w.size(); k++) {
                d = Math.max(d, Math.abs(((Number) w.get(k)).doubleValue() - g.getDouble(k)));
            }
        }
        System.out.printf("%-26s predictions %.3g, one more step: weights %.3g, loss %.7f vs Keras %.7f%n", name, pd,
                d, loss, ((Number) step.get("loss")).doubleValue());
        assertTrue(d <= 2e-6, name + ": weights after one more step differ by " + d);
        assertEquals(((Number) step.get("loss")).doubleValue(), loss, 1e-5, name + ": loss");
    }
}
