package dev.athanor.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.athanor.core.Models;
import dev.athanor.core.Sequential;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A config's sizes are checked before a weight is allocated. */
class WeightLimitTest {

    @AfterEach
    void clear() {
        System.clearProperty(WeightLimit.PROPERTY);
    }

    @Test
    void aHugeInputWidthInAConfigFailsBeforeAllocating() {
        String json = new Sequential(List.of(new Dense(8).inputDim(4).name("d"))).toJson()
                .replaceAll("\\[null, ?4]", "[null, 2147483647]");
        var e = assertThrows(IllegalArgumentException.class, () -> Models.fromJson(json));
        assertEquals("Layer 'd' (Dense) would create weight 'kernel' of shape [2147483647, 8] (17,179,869,176"
                + " elements), beyond the limit of 2,147,483,647 elements per weight. Check the layer's config (units,"
                + " filters, input shape); to allow it, raise -Dathanor.maxWeightElements.", e.getMessage());
    }

    @Test
    void theLimitIsSettable() {
        System.setProperty(WeightLimit.PROPERTY, "100");
        new Sequential(List.of(new Dense(10).inputDim(8)));                  // 80 elements
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Sequential(List.of(new Dense(16).inputDim(8).name("wide"))));
        assertEquals("Layer 'wide' (Dense) would create weight 'kernel' of shape [8, 16] (128 elements), beyond the"
                + " limit of 100 elements per weight. Check the layer's config (units, filters, input shape); to allow"
                + " it, raise -Dathanor.maxWeightElements.", e.getMessage());
    }
}
