package dev.athanor.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.athanor.core.LearningRateSchedule;
import dev.athanor.core.registry.Registries;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each schedule of the golden file, created by name from its Keras config, at steps 0..11. */
class ScheduleGoldenTest {

    static Stream<Arguments> schedules() {
        return Golden.schedules().stream().map(s -> Arguments.of(s.get("id"), s));
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void matchesReference(String id, Map<String, Object> s) {
        Map<String, Object> ser = (Map<String, Object>) s.get("schedule");
        LearningRateSchedule schedule = Registries.defaults().schedules()
                .create((String) ser.get("class_name"), (Map<String, Object>) ser.get("config"));
        List<Object> steps = (List<Object>) s.get("steps");
        List<Object> values = (List<Object>) s.get("values");
        for (int i = 0; i < steps.size(); i++) {
            double want = ((Number) values.get(i)).doubleValue();
            assertEquals(want, schedule.at(((Number) steps.get(i)).longValue()), 1e-15 + 1e-12 * Math.abs(want),
                    id + " at step " + steps.get(i));
        }
    }

    @Test
    void scheduleFromKerasSerializationInsideAnOptimizerConfig() {
        Adam adam = (Adam) Registries.defaults().optimizers().create("adam", Map.of("learning_rate",
                Map.of("class_name", "ExponentialDecay", "config",
                        Map.of("initial_learning_rate", 0.1, "decay_steps", 10, "decay_rate", 0.5))));
        assertInstanceOf(ExponentialDecay.class, adam.schedule());
        assertEquals(0.1, adam.learningRate(), 0.0);
    }

    @Test
    void javaConstructorsMatchKerasArguments() {
        assertEquals(0.05, new ExponentialDecay(0.1, 2, 0.5).at(2), 1e-15);
        assertEquals(0.05, new InverseTimeDecay(0.1, 2, 1.0).at(2), 1e-15);
        assertEquals(0.5, new PiecewiseConstantDecay(new double[] {1}, new double[] {1.0, 0.5}).at(2), 0.0);
        assertEquals(0.0001, new PolynomialDecay(0.1, 4).at(10), 1e-15);
        assertEquals(0.0, new CosineDecay(0.1, 4).at(4), 1e-15);
        assertEquals(0.05, new CosineDecay(0.0, 4).warmupTarget(0.1).warmupSteps(2).at(1), 1e-15);
    }
}
