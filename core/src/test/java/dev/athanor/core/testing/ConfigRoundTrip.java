package dev.athanor.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.athanor.core.Component;
import dev.athanor.core.registry.ComponentRegistry;
import java.util.Map;

/**
 * The config contract: a component's registry name plus its config recreate an equal component
 * through the registry (same class, same config), and the config survives JSON.
 */
public final class ConfigRoundTrip {

    private ConfigRoundTrip() {
    }

    /** Asserts the round trip and returns the recreated instance for further checks. */
    public static <T extends Component> T assertRoundTrip(T component, ComponentRegistry<T> registry) {
        String name = component.registryName();
        assertNotNull(name, component.getClass().getName() + " has no registry name");
        Map<String, Object> config = component.config();
        T again = registry.create(name, config);
        assertSame(component.getClass(), again.getClass(), "registry created a different class for " + name);
        assertEquals(config, again.config(), "config did not survive the round trip for " + name);
        Map<String, Object> viaJson = Json.roundTrip(config);
        T fromJson = registry.create(name, viaJson);
        assertEquals(Json.roundTrip(config), Json.roundTrip(fromJson.config()),
                "config did not survive JSON for " + name);
        return again;
    }
}
