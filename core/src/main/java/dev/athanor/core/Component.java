package dev.athanor.core;

import java.util.List;
import java.util.Map;

/**
 * What every pluggable component shares: a registry name, aliases and a Keras-style config.
 *
 * <p>Contract (checked by {@code dev.athanor.core.testing.ConfigRoundTrip}):
 * <ul>
 *   <li>The class has a public no-argument constructor that gives Keras's defaults;
 *       {@link java.util.ServiceLoader} uses it.</li>
 *   <li>{@link #config()} returns the constructor arguments as JSON values (numbers, strings,
 *       booleans, null, lists, maps) under Keras's snake_case keys.</li>
 *   <li>{@link #configure(Config)} applied to a fresh instance is the inverse of {@link #config()};
 *       it reads every key it knows through {@code Config}, which then rejects unknown keys.</li>
 *   <li>{@link #registryName()} is unique across all installed components of one kind.</li>
 * </ul>
 */
public interface Component {

    /** The name this kind of component is registered under (Keras's class or function name). */
    String registryName();

    /** Other names that resolve to this kind, e.g. "mse" for mean_squared_error. */
    default List<String> aliases() {
        return List.of();
    }

    /** Keras-style config: the constructor arguments under Keras's key names. */
    default Map<String, Object> config() {
        return Map.of();
    }

    /** Applies a config to this freshly constructed instance. Unknown keys must be left unread. */
    default void configure(Config config) {
    }
}
