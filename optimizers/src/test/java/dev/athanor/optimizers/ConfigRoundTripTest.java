package dev.athanor.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Component;
import dev.athanor.core.LearningRateSchedule;
import dev.athanor.core.Optimizer;
import dev.athanor.core.registry.ComponentRegistry;
import dev.athanor.core.registry.Registries;
import dev.athanor.core.testing.ConfigRoundTrip;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** config() + registry name recreate every optimizer and schedule, defaults and non-defaults. */
class ConfigRoundTripTest {

    static Stream<Optimizer> optimizers() {
        return Stream.of(
                new SGD(), new SGD().learningRate(0.1).momentum(0.9).nesterov(true).clipnorm(1.0),
                new Adagrad(), new Adagrad().initialAccumulatorValue(0.5).epsilon(1e-3).clipvalue(0.5),
                new RMSprop(), new RMSprop().rho(0.8).momentum(0.5).centered(true).globalClipnorm(2.0),
                new Adadelta(), new Adadelta().learningRate(1.0).rho(0.9).epsilon(1e-6).decay(1e-4),
                new Adam(), new Adam().beta1(0.5).beta2(0.8).epsilon(1e-3).amsgrad(true).name("my_adam"),
                new Adam().learningRate(new CosineDecay(0.0, 10).warmupTarget(0.1).warmupSteps(3)),
                new Adamax(), new Adamax().beta1(0.5).beta2(0.8).clipvalue(0.1).clipnorm(0.2),
                new Nadam(), new Nadam().decay(0.01).beta1(0.5).learningRate(new InverseTimeDecay(0.1, 2, 0.5)),
                new AdamW(), new AdamW().weightDecay(0.1).amsgrad(true),
                new Lion(), new Lion().beta1(0.5).beta2(0.3).weightDecay(0.01)
                        .learningRate(new PiecewiseConstantDecay(new double[] {10, 20}, new double[] {1, 0.5, 0.1})));
    }

    static Stream<LearningRateSchedule> schedules() {
        return Stream.of(new ExponentialDecay(), new ExponentialDecay(0.1, 3, 0.5).staircase(true).name("e"),
                new InverseTimeDecay(), new InverseTimeDecay(0.1, 3, 0.5).staircase(true),
                new PiecewiseConstantDecay(), new PiecewiseConstantDecay(new double[] {1, 3}, new double[] {0.1, 0.05, 0.01}),
                new PolynomialDecay(), new PolynomialDecay(0.1, 4).endLearningRate(0.01).power(2).cycle(true),
                new CosineDecay(), new CosineDecay(0.1, 5).alpha(0.1),
                new CosineDecay(0.0, 5).warmupTarget(0.1).warmupSteps(2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void optimizerRoundTrip(Optimizer o) {
        ConfigRoundTrip.assertRoundTrip(o, Registries.defaults().optimizers());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedules")
    void scheduleRoundTrip(LearningRateSchedule s) {
        ConfigRoundTrip.assertRoundTrip(s, Registries.defaults().schedules());
    }

    @Test
    void registryNamesAndAliases() {
        ComponentRegistry<Optimizer> reg = Registries.defaults().optimizers();
        Map<String, Class<?>> expected = Map.of("SGD", SGD.class, "Adagrad", Adagrad.class, "RMSprop", RMSprop.class,
                "Adadelta", Adadelta.class, "Adam", Adam.class, "Adamax", Adamax.class, "Nadam", Nadam.class,
                "AdamW", AdamW.class, "Lion", Lion.class);
        expected.forEach((name, cls) -> {
            assertInstanceOf(cls, reg.create(name));
            assertInstanceOf(cls, reg.create(name.toLowerCase()));
            assertEquals(name, reg.canonicalName(name.toLowerCase()));
        });
        for (String s : List.of("ExponentialDecay", "InverseTimeDecay", "PiecewiseConstantDecay", "PolynomialDecay",
                "CosineDecay")) {
            assertEquals(s, Registries.defaults().schedules().create(s).registryName());
        }
    }

    @Test
    void kerasDefaultsInConfig() {
        assertEquals(Map.of("name", "Adam", "learning_rate", 0.001, "decay", 0.0, "beta_1", 0.9, "beta_2", 0.999,
                "epsilon", 1e-7, "amsgrad", false), new Adam().config());
        assertEquals(Map.of("name", "SGD", "learning_rate", 0.01, "decay", 0.0, "momentum", 0.0, "nesterov", false),
                new SGD().config());
        assertEquals(Map.of("name", "RMSprop", "learning_rate", 0.001, "decay", 0.0, "rho", 0.9, "momentum", 0.0,
                "epsilon", 1e-7, "centered", false), new RMSprop().config());
        assertEquals(Map.of("name", "Adagrad", "learning_rate", 0.001, "decay", 0.0, "initial_accumulator_value", 0.1,
                "epsilon", 1e-7), new Adagrad().config());
        assertEquals(Map.of("name", "Adadelta", "learning_rate", 0.001, "decay", 0.0, "rho", 0.95, "epsilon", 1e-7),
                new Adadelta().config());
        assertEquals(Map.of("name", "Nadam", "learning_rate", 0.001, "decay", 0.004, "beta_1", 0.9, "beta_2", 0.999,
                "epsilon", 1e-7), new Nadam().config());
    }

    @Test
    void memoEraNamesAreAcceptedWhenReading() {
        ComponentRegistry<Optimizer> reg = Registries.defaults().optimizers();
        // Keras 2.1-era Adam config as found in .h5 training_config.
        Adam adam = (Adam) reg.create("Adam", Map.of("lr", 0.002, "beta_1", 0.9, "beta_2", 0.999, "decay", 0.0,
                "epsilon", 1e-8, "amsgrad", false));
        assertEquals(0.002, adam.learningRate(), 0.0);
        assertEquals(0.002, adam.config().get("learning_rate"));
        Nadam nadam = (Nadam) reg.create("Nadam", Map.of("lr", 0.002, "schedule_decay", 0.01));
        assertEquals(0.01, nadam.decay(), 0.0);
        // written by Keras 2.11+ for legacy optimizers
        reg.create("SGD", Map.of("learning_rate", 0.1, "is_legacy_optimizer", true));
    }

    @Test
    void unknownKeysAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Registries.defaults().optimizers().create("Adam", Map.of("beta1", 0.9)));
        assertTrue(e.getMessage().contains("'beta1'"), e.getMessage());
    }

    @Test
    void schedulesSerializeAsKerasDoes() {
        Map<String, Object> c = new SGD().learningRate(new ExponentialDecay(0.1, 10, 0.9)).config();
        @SuppressWarnings("unchecked")
        Map<String, Object> lr = (Map<String, Object>) c.get("learning_rate");
        assertEquals("ExponentialDecay", lr.get("class_name"));
        assertEquals(Map.of("initial_learning_rate", 0.1, "decay_steps", 10L, "decay_rate", 0.9, "staircase", false),
                withoutNulls(lr.get("config")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutNulls(Object m) {
        Map<String, Object> out = new java.util.HashMap<>((Map<String, Object>) m);
        out.values().removeIf(java.util.Objects::isNull);
        return out;
    }

    @Test
    void everyComponentHasNoArgConstructorDefaults() {
        for (Component c : List.of(new SGD(), new Lion(), new CosineDecay())) {
            assertTrue(c.config().size() > 0);
        }
    }
}
