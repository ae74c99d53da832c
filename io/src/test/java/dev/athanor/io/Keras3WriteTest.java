package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Loss;
import dev.athanor.core.Model;
import dev.athanor.core.SaveOptions;
import dev.athanor.core.Variable;
import dev.athanor.core.registry.Registries;
import dev.athanor.io.plugin.ScaledMse;
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
import org.nd4j.linalg.factory.Nd4j;

/**
 * Athanor writes each Keras 3 fixture model (loaded from Keras's {@code .keras}, with Keras's
 * optimizer state) as {@code .keras}, Keras-3-loadable {@code .h5} and {@code .weights.h5}, and
 * reads them back: same predictions, same optimizer state, and training resumed from the file
 * gives the same weights as training that was never interrupted.
 *
 * <p>With {@code -Dathanor.io.keep=DIR} the written files and Athanor's predictions stay in DIR
 * for {@code io/scripts/keras3_load_athanor_files.py}, which loads them in real Keras 3.
 */
class Keras3WriteTest {

    static final String[] MODELS = {"mlp", "two_input", "conv_bn", "embed_lstm", "conv1d_gru", "residual_ln",
        "custom_loss"};

    @TempDir
    Path tmp;

    /** The default registries plus the fixture's custom loss under Keras's registered name. */
    static Registries registries() {
        Registries r = Registries.discover(Keras3WriteTest.class.getClassLoader());
        r.override(Loss.class, ScaledMse::new);
        return r;
    }

    Path out() throws IOException {
        String keep = System.getProperty("athanor.io.keep");
        return keep == null ? tmp : Files.createDirectories(Path.of(keep));
    }

    static Model loadFixture(String name, Registries r) throws IOException {
        return new KerasFormat().load(Keras3FixturesTest.DIR.resolve(name + ".keras"), r);
    }

    static List<INDArray> targets(String name) throws IOException {
        INDArray t = Npy.read(Keras3FixturesTest.DIR.resolve(name + ".t.npy"));
        return List.of(t.dataType().isFPType() ? t.castTo(DataType.FLOAT) : t.castTo(DataType.FLOAT));
    }

    static void assertSameState(Model want, Model got, String what) {
        List<Variable> a = want.optimizer().weights();
        List<Variable> b = got.optimizer().weights();
        assertEquals(a.size(), b.size(), what + ": number of optimizer variables");
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).value().castTo(DataType.DOUBLE), b.get(i).value().castTo(DataType.DOUBLE),
                    what + ": optimizer variable " + a.get(i).name());
        }
        assertEquals(want.optimizer().config(), got.optimizer().config(), what + ": optimizer config");
        assertEquals(want.optimizer().learningRate(), got.optimizer().learningRate(), what + ": learning rate");
    }

    static void assertSameWeights(Model want, Model got, String what) {
        List<INDArray> a = want.getWeights();
        List<INDArray> b = got.getWeights();
        assertEquals(a.size(), b.size(), what);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i), b.get(i), what + ": weight " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "two_input", "conv_bn", "embed_lstm", "conv1d_gru", "residual_ln", "custom_loss"})
    void kerasFileRoundTripsAndResumesExactly(String name) throws IOException {
        Registries r = registries();
        Model m = loadFixture(name, r);
        Path dir = out();
        Path file = dir.resolve(name + ".keras");
        m.save(file, new SaveOptions().overwrite(true));
        List<INDArray> xs = Keras3FixturesTest.inputs(name);
        INDArray y = m.predictAll(xs, 32).get(0);
        Npy.write(dir.resolve(name + ".athanor_y.npy"), y);

        Model back = new KerasFormat().load(file, r);
        assertEquals(y, back.predictAll(xs, 32).get(0), name + ": predictions after the round trip");
        assertTrue(back.isCompiled(), name + " is compiled from the written compile_config");
        assertEquals(m.lossNames(), back.lossNames(), name + ": losses");
        assertEquals(2, back.optimizer().iterations(), name + ": iterations");
        assertSameState(m, back, name);

        List<INDArray> ts = targets(name);
        for (int step = 0; step < 3; step++) {
            assertArrayEquals(m.trainOnBatch(xs, ts), back.trainOnBatch(xs, ts), 0.0, name + ": loss of step " + step);
        }
        assertSameWeights(m, back, name + " after 3 more steps");
        assertSameState(m, back, name + " after 3 more steps");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "two_input", "conv_bn", "embed_lstm", "conv1d_gru", "residual_ln", "custom_loss"})
    void h5AndWeightsFilesRoundTrip(String name) throws IOException {
        Registries r = registries();
        Model m = loadFixture(name, r);
        Path dir = out();
        Path h5 = dir.resolve(name + ".h5");
        Path weights = dir.resolve(name + ".weights.h5");
        m.save(h5, new SaveOptions().overwrite(true));
        Files.deleteIfExists(weights);
        m.saveWeights(weights);
        List<INDArray> xs = Keras3FixturesTest.inputs(name);
        INDArray y = m.predictAll(xs, 32).get(0);

        Model fromH5 = new H5Format().load(h5, r);
        assertEquals(y, fromH5.predictAll(xs, 32).get(0), name + ".h5");
        assertSameState(m, fromH5, name + ".h5");

        try (io.jhdf.HdfFile f = new io.jhdf.HdfFile(h5)) {
            String modelConfig = H5Reading.attribute(f, "model_config").getData().toString();
            String trainingConfig = H5Reading.attribute(f, "training_config").getData().toString();
            assertFalse(modelConfig.contains("time_major"), name + ": Keras 3 refuses time_major");
            for (String alias : List.of("\"mse\"", "\"mae\"", "\"mape\"", "\"msle\"", "\"kld\"")) {
                assertFalse(trainingConfig.contains("\"loss\":" + alias), name + ": Keras 3.15 cannot read the loss "
                        + alias + " from an .h5: " + trainingConfig);
            }
        }

        Model fresh = loadFixture(name, r);
        for (Variable v : fresh.variables()) {
            v.assign(Nd4j.zeros(v.value().dataType(), v.value().shape()));
        }
        fresh.loadWeights(weights);
        assertEquals(y, fresh.predictAll(xs, 32).get(0), name + ".weights.h5");
    }

    /** Keras's {@code Input(dtype="int32")} (token ids for an Embedding) survives .keras and .h5 round trips. */
    @org.junit.jupiter.api.Test
    @SuppressWarnings("unchecked")
    void intInputDtypeRoundTrips() throws IOException {
        Registries r = registries();
        Model m = loadFixture("embed_lstm", r);
        assertEquals("int32", ((dev.athanor.core.Sequential) m).inputLayer().dtype(), "read from Keras's file");
        Path file = tmp.resolve("embed.keras");
        m.save(file);
        Map<String, Object> config = dev.athanor.core.graph.ModelConfigs.parseJson(new String(
                KerasArchive.read(file).config(), java.nio.charset.StandardCharsets.UTF_8));
        Map<String, Object> input = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) config.get("config"))
                .get("layers")).get(0);
        assertEquals("InputLayer", input.get("class_name"));
        assertEquals("int32", ((Map<String, Object>) input.get("config")).get("dtype"), "written as Keras writes it");
        Model back = new KerasFormat().load(file, r);
        assertEquals("int32", ((dev.athanor.core.Sequential) back).inputLayer().dtype(), ".keras round trip");
        Path h5 = tmp.resolve("embed.h5");
        m.save(h5);
        assertEquals("int32", ((dev.athanor.core.Sequential) new H5Format().load(h5, r)).inputLayer().dtype(),
                ".h5 round trip");
        Model mlp = loadFixture("mlp", r);
        assertEquals("float32", ((dev.athanor.core.Sequential) mlp).inputLayer().dtype(), "float inputs stay floatx");
    }
}
