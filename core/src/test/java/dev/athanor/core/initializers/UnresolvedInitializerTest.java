package dev.athanor.core.initializers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.Initializer;
import dev.athanor.core.registry.UnknownComponentException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class UnresolvedInitializerTest {

    @Test
    void unknownNamesFailOutsideALoad() {
        UnknownComponentException e = assertThrows(UnknownComponentException.class,
                () -> Initializers.get("random_kernel"));
        assertEquals("random_kernel", e.name());
    }

    @Test
    void insideALoadTheyArePlaceholdersThatKeepTheirName() {
        Initializer bare;
        Initializer map;
        try (UnresolvedInitializer.Scope scope = UnresolvedInitializer.deferUnknown()) {
            bare = Initializers.get("random_kernel");
            map = Initializers.get(Map.of("class_name", "MyInit", "config", Map.of("scale", 2.0)));
            assertEquals(0.0, bare.initialize(new long[] {2, 3}, DataType.FLOAT, new Random(1)).sumNumber()
                    .doubleValue());
            assertEquals(List.of("random_kernel", "MyInit"), scope.unresolved());
            // known names still resolve to the real thing
            assertEquals(GlorotUniform.class, Initializers.get("glorot_uniform").getClass());
        }
        assertEquals(Map.of("class_name", "random_kernel", "config", Map.of()), Initializers.serialize(bare));
        assertEquals(Map.of("class_name", "MyInit", "config", Map.of("scale", 2.0)), Initializers.serialize(map));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> bare.initialize(new long[] {2}, DataType.FLOAT, new Random(1)));
        assertEquals("Initializer 'random_kernel' is not registered: it was named by a model file whose stored weights"
                + " were used instead. To create new weights with it, register an Initializer named 'random_kernel'"
                + " (a plugin), or configure the layer with a built-in initializer.", e.getMessage());
        assertThrows(UnknownComponentException.class, () -> Initializers.get("random_kernel"));
    }
}
