package dev.athanor.core.constraints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Constraint;
import dev.athanor.core.registry.ComponentRegistry;
import dev.athanor.core.registry.Registries;
import dev.athanor.core.testing.ConfigRoundTrip;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ConstraintsTest {

    private static final ComponentRegistry<Constraint> REGISTRY =
            Registries.discover(ConstraintsTest.class.getClassLoader()).constraints();

    // columns (axis 0 norms): [3, 4] -> 5, [0, 1] -> 1; rows (axis 1 norms): [3, 0] -> 3, [4, 1] -> sqrt 17
    private static INDArray w() {
        return Nd4j.createFromArray(new double[][] {{3, 0}, {4, 1}});
    }

    @Test
    void maxNormByHand() {
        INDArray out = new MaxNorm().apply(w());
        double f0 = 2 / (5 + 1e-7);
        double f1 = 1 / (1 + 1e-7);
        assertArrayEquals(new double[] {3 * f0, 0, 4 * f0, f1}, out.data().asDouble(), 1e-12);
        INDArray rows = new MaxNorm(3.0).axis(1).apply(w());
        double r1 = 3 / (Math.sqrt(17) + 1e-7);
        assertArrayEquals(new double[] {3 * 3 / (3 + 1e-7), 0, 4 * r1, r1}, rows.data().asDouble(), 1e-12);
    }

    @Test
    void unitNormAndNonNegByHand() {
        INDArray u = new UnitNorm().apply(w());
        assertArrayEquals(new double[] {3 / (5 + 1e-7), 0, 4 / (5 + 1e-7), 1 / (1 + 1e-7)}, u.data().asDouble(), 1e-12);
        INDArray n = new NonNeg().apply(Nd4j.createFromArray(-1.0, 0.0, 2.5, -0.1));
        assertArrayEquals(new double[] {0, 0, 2.5, 0}, n.data().asDouble(), 0);
    }

    @Test
    void namesAndKerasForms() {
        for (String name : List.of("MaxNorm", "max_norm", "maxnorm", "NonNeg", "non_neg", "UnitNorm", "unit_norm")) {
            assertTrue(REGISTRY.contains(name), name);
        }
        Constraint c = Constraints.get(Map.of("class_name", "MaxNorm", "config", Map.of("max_value", 3, "axis",
                List.of(0, 1))), REGISTRY);
        assertEquals(Map.of("max_value", 3.0, "axis", List.of(0, 1)), c.config());
        assertTrue(Constraints.get("non_neg", REGISTRY) instanceof NonNeg);
        assertEquals(Map.of("class_name", "UnitNorm", "config", Map.of("axis", 0)), Constraints.serialize(new UnitNorm()));
    }

    @Test
    void configRoundTrips() {
        ConfigRoundTrip.assertRoundTrip(new MaxNorm(1.5).axis(1), REGISTRY);
        ConfigRoundTrip.assertRoundTrip(new MaxNorm().axis(0, 1), REGISTRY);
        ConfigRoundTrip.assertRoundTrip(new NonNeg(), REGISTRY);
        ConfigRoundTrip.assertRoundTrip(new UnitNorm().axis(-1), REGISTRY);
    }
}
