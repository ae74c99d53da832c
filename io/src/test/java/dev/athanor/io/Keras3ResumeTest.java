package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.SaveOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training resumes from a Keras 3 {@code .keras} file exactly as Keras resumes it, for every
 * optimizer Keras 3 and Athanor share: real Keras 3.15.1 trained each model 3 steps and saved it
 * ({@code resources/keras3-resume/make_resume_fixtures.py}), then trained 2 more steps; Athanor
 * loads the file (weights, optimizer state, Keras 3's update rules) and its next 2 steps reach
 * Keras's weights and losses (float32: 2e-6).
 *
 * <p>The other way: after its first step Athanor saves the model as {@code .keras}; reading that
 * back and taking the second step gives Keras's second step too. With
 * {@code -Dathanor.io.keep=DIR} those files stay in DIR for
 * {@code io/scripts/keras3_resume_athanor_files.py}, which makes real Keras take that step.
 */
class Keras3ResumeTest {

    static final Path DIR = Path.of("src", "test", "resources", "keras3-resume");
    static final double TOL = 2e-6;

    @TempDir
    Path tmp;

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> steps(String name) throws IOException {
        Map<String, Object> doc = new ObjectMapper().readValue(DIR.resolve(name + ".json").toFile(),
                new TypeReference<Map<String, Object>>() { });
        return (List<Map<String, Object>>) doc.get("steps");
    }

    @SuppressWarnings("unchecked")
    static double maxDiff(Model m, Map<String, Object> step) {
        List<Object> want = (List<Object>) step.get("weights");
        List<INDArray> got = m.getWeights();
        assertEquals(want.size(), got.size(), "number of weights");
        double diff = 0;
        for (int i = 0; i < got.size(); i++) {
            List<Object> w = (List<Object>) want.get(i);
            INDArray g = got.get(i).castTo(DataType.DOUBLE).reshape(-1);
            assertEquals(w.size(), g.length(), "size of weight " + i);
            for (int k = 0; k < w.size(); k++) {
                diff = Math.max(diff, Math.abs(((Number) w.get(k)).doubleValue() - g.getDouble(k)));
            }
        }
        return diff;
    }

    Path out() throws IOException {
        String keep = System.getProperty("athanor.io.keep");
        return keep == null ? tmp : Files.createDirectories(Path.of(keep));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "sgd_nesterov", "rmsprop", "rmsprop_centered", "rmsprop_momentum", "adagrad",
        "adadelta", "adam", "adam_amsgrad", "adamw", "adamax", "nadam", "lion", "adam_clipnorm", "sgd_schedule"})
    void resumesAsKeras(String name) throws IOException {
        INDArray x = Npy.read(DIR.resolve("x.npy")).castTo(DataType.FLOAT);
        INDArray t = Npy.read(DIR.resolve("t.npy")).castTo(DataType.FLOAT);
        List<Map<String, Object>> steps = steps(name);
        Model m = Models.load(DIR.resolve(name + ".keras"));
        assertEquals(3, m.optimizer().iterations(), name + ": Keras's 3 steps");

        double loss = m.trainOnBatch(x, t)[0];
        double d1 = maxDiff(m, steps.get(0));
        System.out.printf("%-18s step 4 max |diff| %.3g, loss %.7f vs Keras %.7f%n", name, d1, loss,
                ((Number) steps.get(0).get("loss")).doubleValue());
        assertTrue(d1 <= TOL, name + ": weights after Keras's step 4 differ by " + d1);
        assertEquals(((Number) steps.get(0).get("loss")).doubleValue(), loss, 1e-5, name + ": loss of step 4");

        Path file = out().resolve(name + ".athanor.keras");
        m.save(file, new SaveOptions().overwrite(true));
        Model back = Models.load(file);
        assertEquals(m.optimizer().config(), back.optimizer().config(), name + ": optimizer config after a round trip");
        for (Model model : List.of(m, back)) {
            model.trainOnBatch(x, t);
            double d2 = maxDiff(model, steps.get(1));
            assertTrue(d2 <= TOL, name + ": weights after Keras's step 5 differ by " + d2
                    + (model == back ? " (from Athanor's .keras)" : ""));
        }
    }

    /**
     * Keras 3's compile names: a two-output model compiled with loss objects ({@code KLDivergence},
     * {@code LogCosh}), {@code loss_weights} and metric objects resumes as in Keras.
     */
    @org.junit.jupiter.api.Test
    void lossAndMetricObjectsAndLossWeights() throws IOException {
        INDArray x = Npy.read(DIR.resolve("x.npy")).castTo(DataType.FLOAT);
        List<INDArray> ts = List.of(Npy.read(DIR.resolve("two_outputs.tp.npy")).castTo(DataType.FLOAT),
                Npy.read(DIR.resolve("two_outputs.tr.npy")).castTo(DataType.FLOAT));
        List<Map<String, Object>> steps = steps("two_outputs");
        Model m = Models.load(DIR.resolve("two_outputs.keras"));
        assertEquals(List.of(0.5, 2.0), m.lossWeights(), "loss_weights");
        for (Map<String, Object> step : steps) {
            double loss = m.trainOnBatch(List.of(x), ts)[0];
            double d = maxDiff(m, step);
            System.out.printf("two_outputs max |diff| %.3g, loss %.7f vs Keras %.7f%n", d, loss,
                    ((Number) step.get("loss")).doubleValue());
            assertTrue(d <= TOL, "weights differ by " + d);
            assertEquals(((Number) step.get("loss")).doubleValue(), loss, 1e-5, "weighted total loss");
        }
    }
}
