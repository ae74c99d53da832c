package dev.athanor.optimizers;

import static dev.athanor.core.testing.Asserts.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.athanor.core.Optimizer;
import dev.athanor.core.Variable;
import dev.athanor.core.registry.Registries;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras 3's update rules, checked against real Keras 3.15.1
 * ({@code src/test/python/keras3_optimizer_golden.py} ran each optimizer on six fixed gradients in
 * float64): Athanor, configured as a Keras 3 file configures it ({@code epsilon_inside_sqrt} for
 * Adagrad and RMSprop, {@code decay = 1} for Nadam), reaches Keras's variables after every step.
 * And the options matter: with tf.keras 2.6's rule the same cases leave Keras 3's trajectory
 * (except RMSprop with momentum, where both Keras versions put epsilon inside the square root).
 */
class Keras3RulesTest {

    static final Map<String, Object> DOC = load();

    private static Map<String, Object> load() {
        try (InputStream in = Keras3RulesTest.class.getResourceAsStream("/golden/keras3_optimizers.json")) {
            return new ObjectMapper().readValue(in, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Map<String, Object> c : Golden.list(DOC.get("cases"))) {
            out.add(Arguments.of(c.get("id"), DataType.DOUBLE, c));
            out.add(Arguments.of(c.get("id"), DataType.FLOAT, c));
        }
        return out.stream();
    }

    static Stream<Arguments> ruleCases() {
        return Golden.list(DOC.get("cases")).stream()
                .filter(c -> ((Map<?, ?>) c.get("athanor")).containsKey("epsilon_inside_sqrt")
                        || ((Map<?, ?>) c.get("athanor")).containsKey("decay"))
                .map(c -> Arguments.of(c.get("id"), c));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> athanorConfig(Map<String, Object> c) {
        return new LinkedHashMap<>((Map<String, Object>) c.get("athanor"));
    }

    /** Runs the case's gradients through an optimizer made from {@code config}; the variables after each step. */
    @SuppressWarnings("unchecked")
    static List<List<INDArray>> run(Map<String, Object> c, Map<String, Object> config, DataType dtype) {
        Optimizer opt = Registries.defaults().optimizers().create((String) c.get("optimizer"), config);
        List<Object> init = (List<Object>) DOC.get("initial");
        List<Variable> vars = new ArrayList<>();
        for (int i = 0; i < init.size(); i++) {
            vars.add(new Variable("v" + i, Golden.array(init.get(i), dtype), true));
        }
        List<List<INDArray>> out = new ArrayList<>();
        for (Object step : (List<Object>) DOC.get("gradients")) {
            Golden.setGradients(vars, (List<Object>) step, dtype);
            opt.apply(vars);
            out.add(vars.stream().map(v -> v.value().dup()).toList());
        }
        assertEquals(out.size(), opt.iterations());
        return out;
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void followsKeras3(String id, DataType dtype, Map<String, Object> c) {
        // Nadam: Keras's TensorFlow backend rounds its constant 0.96 to float32 (see the script).
        double rtol = dtype == DataType.DOUBLE ? ((Number) c.get("double_rtol")).doubleValue() : 1e-5;
        double atol = dtype == DataType.DOUBLE ? 1e-12 : 1e-6;
        List<List<INDArray>> got = run(c, athanorConfig(c), dtype);
        List<Object> traj = (List<Object>) c.get("trajectory");
        for (int step = 0; step < traj.size(); step++) {
            List<Object> want = (List<Object>) traj.get(step);
            for (int i = 0; i < want.size(); i++) {
                assertAllClose(Golden.array(want.get(i), DataType.DOUBLE), got.get(step).get(i), rtol, atol);
            }
        }
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleCases")
    void tfKeras2RuleIsDifferent(String id, Map<String, Object> c) {
        Map<String, Object> keras2 = athanorConfig(c);
        keras2.remove("epsilon_inside_sqrt");
        keras2.remove("decay");
        List<List<INDArray>> got = run(c, keras2, DataType.DOUBLE);
        List<Object> last = (List<Object>) ((List<Object>) c.get("trajectory")).get(got.size() - 1);
        double diff = 0;
        for (int i = 0; i < last.size(); i++) {
            INDArray want = Golden.array(last.get(i), DataType.DOUBLE);
            diff = Math.max(diff, want.sub(got.get(got.size() - 1).get(i)).amaxNumber().doubleValue());
        }
        Map<String, Object> k3 = (Map<String, Object>) c.get("athanor");
        boolean sameRule = "RMSprop".equals(c.get("optimizer")) && ((Number) k3.get("momentum")).doubleValue() > 0;
        if (sameRule) {
            assertTrue(diff < 1e-12, id + ": with momentum tf.keras 2.6 and Keras 3 agree; differ by " + diff);
        } else {
            assertTrue(diff > 1e-9, id + ": tf.keras 2.6's rule should leave Keras 3's trajectory; differs by " + diff);
        }
    }
}
