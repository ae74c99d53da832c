package dev.athanor.losses;

import dev.athanor.core.Metric;
import dev.athanor.core.registry.Registries;
import java.util.Map;
import java.util.SortedSet;

/**
 * Metrics by name, as Keras's {@code keras.metrics.get}: {@code "accuracy"} / {@code "acc"}, the
 * accuracy family by function or class name, and every loss name ({@code "mae"}, {@code "mse"},
 * ...). Resolution goes through core's metric registry, so plugin metrics resolve too.
 */
public final class Metrics {

    private Metrics() {
    }

    /** A new metric with Keras's defaults. */
    public static Metric get(String name) {
        return Registries.defaults().metrics().create(name);
    }

    /** A new metric configured with Keras's config keys, e.g. {@code {"k": 3}}. */
    public static Metric get(String name, Map<String, ?> config) {
        return Registries.defaults().metrics().create(name, config);
    }

    /** Every metric name and alias known to the registry, sorted. */
    public static SortedSet<String> names() {
        return Registries.defaults().metrics().names();
    }
}
