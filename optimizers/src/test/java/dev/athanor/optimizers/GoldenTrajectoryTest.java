package dev.athanor.optimizers;

import static dev.athanor.core.testing.Asserts.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.athanor.core.Optimizer;
import dev.athanor.core.Variable;
import dev.athanor.core.registry.Registries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every optimizer case of the golden file, created by name from its Keras config, run on the
 * file's variables and gradients: parameters after every step, the learning rate of every step,
 * and the final optimizer weights (names, order, values) must match the numpy reference.
 */
class GoldenTrajectoryTest {

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Map<String, Object> c : Golden.cases()) {
            out.add(Arguments.of(c.get("id"), DataType.DOUBLE, c));
            out.add(Arguments.of(c.get("id"), DataType.FLOAT, c));
        }
        return out.stream();
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void matchesReference(String id, DataType dtype, Map<String, Object> c) {
        double rtol = dtype == DataType.DOUBLE ? 1e-10 : 1e-5;
        double atol = dtype == DataType.DOUBLE ? 1e-12 : 1e-6;
        Optimizer opt = Registries.defaults().optimizers()
                .create((String) c.get("optimizer"), (Map<String, Object>) c.get("config"));
        List<Variable> vars = Golden.variables(dtype);
        List<List<Object>> grads = Golden.gradients((String) c.get("gradients"));
        List<Object> traj = (List<Object>) c.get("trajectory");
        List<Object> lrs = (List<Object>) c.get("lr_per_step");
        for (int step = 0; step < grads.size(); step++) {
            assertEquals(((Number) lrs.get(step)).doubleValue(), opt.learningRate(),
                    1e-15 + 1e-12 * Math.abs(((Number) lrs.get(step)).doubleValue()), id + " lr at step " + step);
            Golden.setGradients(vars, grads.get(step), dtype);
            opt.apply(vars);
            List<Object> expected = (List<Object>) traj.get(step);
            for (int i = 0; i < vars.size(); i++) {
                INDArray want = Golden.array(expected.get(i), DataType.DOUBLE);
                assertAllClose(want, vars.get(i).value(), rtol, atol);
            }
        }
        assertEquals(grads.size(), opt.iterations());
        List<Map<String, Object>> weights = Golden.list(c.get("weights"));
        List<Variable> actual = opt.weights();
        assertEquals(weights.stream().map(w -> w.get("name")).toList(),
                actual.stream().map(Variable::name).toList(), id + " weight names");
        for (int i = 0; i < weights.size(); i++) {
            INDArray want = Golden.array(weights.get(i).get("value"), DataType.DOUBLE);
            assertAllClose(want, actual.get(i).value().reshape(want.shape()), rtol, atol);
        }
    }
}
