package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Optimizer;
import dev.athanor.core.registry.Registries;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Optimizer configs from other Keras versions: Keras 2.2's {@code lr}, and keys an optimizer here
 * does not have, are read through the optimizers' own alias and the registry's ignore-unknown mode.
 */
class ForeignOptimizerConfigTest {

    private static final Registries R = Registries.defaults();

    @Test
    void keras22LrAndKeysFromOtherVersionsAreAccepted() {
        Map<String, Object> keras22 = new LinkedHashMap<>();
        keras22.put("lr", 0.0010000000474974513);
        keras22.put("momentum", 0.9);
        keras22.put("decay", 0.0);
        keras22.put("nesterov", false);
        keras22.put("amsgrad", false); // only Adam has it
        Optimizer sgd = TrainingConfigs.optimizer("SGD", keras22, R);
        assertEquals(0.0010000000474974513, sgd.config().get("learning_rate"));
        assertEquals(0.9, sgd.config().get("momentum"));

        Map<String, Object> keras211 = new LinkedHashMap<>();
        keras211.put("name", "Adam");
        keras211.put("learning_rate", 0.002);
        keras211.put("is_legacy_optimizer", false);
        keras211.put("jit_compile", true);
        keras211.put("use_ema", false);
        keras211.put("ema_momentum", 0.99);
        Optimizer adam = TrainingConfigs.optimizer("Adam", keras211, R);
        assertEquals(0.002, adam.config().get("learning_rate"));
        assertEquals(Map.of("name", "Adam", "learning_rate", 0.002), Map.of("name", adam.config().get("name"),
                "learning_rate", adam.config().get("learning_rate")));
    }

    @Test
    void badValuesOfKnownKeysStillFail() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfigs.optimizer("SGD", Map.of("momentum", "high"), R));
        assertTrue(e.getMessage().contains("momentum"), e.getMessage());
        var u = assertThrows(IllegalArgumentException.class, () -> TrainingConfigs.optimizer("Adamm", Map.of(), R));
        assertTrue(u.getMessage().contains("'Adamm' is not registered"), u.getMessage());
    }
}
