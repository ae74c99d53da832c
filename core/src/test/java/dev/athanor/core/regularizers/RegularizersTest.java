package dev.athanor.core.regularizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Backend;
import dev.athanor.core.Regularizer;
import dev.athanor.core.Tensor;
import dev.athanor.core.registry.ComponentRegistry;
import dev.athanor.core.registry.Registries;
import dev.athanor.core.testing.ConfigRoundTrip;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class RegularizersTest {

    private static final ComponentRegistry<Regularizer> REGISTRY =
            Registries.discover(RegularizersTest.class.getClassLoader()).regularizers();
    private String before;

    @BeforeEach
    void f64() {
        before = Backend.floatx();
        Backend.setFloatx("float64");
    }

    @AfterEach
    void restore() {
        Backend.setFloatx(before);
    }

    // w = [[1, -2], [3, 0.5]]: sum|w| = 6.5, sum w^2 = 1 + 4 + 9 + 0.25 = 14.25
    private static Tensor w() {
        return Tensor.variable(Nd4j.createFromArray(new double[][] {{1, -2}, {3, 0.5}}));
    }

    @Test
    void penaltiesByHand() {
        assertEquals(0.01 * 14.25, new L2().penalty(w()).item(), 1e-15);
        assertEquals(0.01 * 6.5, new L1().penalty(w()).item(), 1e-15);
        assertEquals(0.1 * 6.5 + 0.2 * 14.25, new L1L2(0.1, 0.2).penalty(w()).item(), 1e-14);
        assertEquals(0.0, new L1L2().penalty(w()).item(), 0.0);
        assertEquals(0.5 * 14.25, REGISTRY.create("l2", Map.of("l2", 0.5)).penalty(w()).item(), 1e-14);
    }

    @Test
    void gradientsByHand() {
        Tensor x = w();
        new L1L2(0.1, 0.2).penalty(x).backward();
        // d/dw = 0.1 sign(w) + 0.4 w
        assertArrayEquals(new double[] {0.1 + 0.4, -0.1 - 0.8, 0.1 + 1.2, 0.1 + 0.2}, x.grad().data().asDouble(), 1e-14);
    }

    @Test
    void namesGetAndSerialize() {
        assertEquals(0.01, ((L2) Regularizers.get("l2", REGISTRY)).l2());
        assertEquals(0.01, ((L1) Regularizers.get("L1", REGISTRY)).l1());
        L1L2 both = (L1L2) Regularizers.get("l1_l2", REGISTRY);
        assertEquals(0.01, both.l1());
        assertEquals(0.01, both.l2());
        L1L2 cls = (L1L2) Regularizers.get("L1L2", REGISTRY);
        assertEquals(0.0, cls.l1());
        Regularizer fromMap = Regularizers.get(Map.of("class_name", "L1L2", "config", Map.of("l1", 0.5, "l2", 0.0)),
                REGISTRY);
        assertEquals(0.5, ((L1L2) fromMap).l1());
        assertEquals(Map.of("class_name", "L2", "config", Map.of("l2", 0.01)), Regularizers.serialize(new L2()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new L2(-1));
        assertEquals("`l2` must be a finite number >= 0. Received: l2=-1.0", e.getMessage());
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class, () -> Regularizers.get("l3", REGISTRY));
        assertTrue(u.getMessage().contains("Known: "), u.getMessage());
    }

    @Test
    void configRoundTrips() {
        ConfigRoundTrip.assertRoundTrip(new L1L2(0.1, 0.2), REGISTRY);
        ConfigRoundTrip.assertRoundTrip(new L1(0.3), REGISTRY);
        ConfigRoundTrip.assertRoundTrip(new L2(), REGISTRY);
    }
}
