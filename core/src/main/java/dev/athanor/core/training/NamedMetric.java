package dev.athanor.core.training;

import dev.athanor.core.Internal;

import dev.athanor.core.Metric;

/**
 * A metric as compiled for one output: the name it is logged under (what the user wrote, prefixed
 * with the output's name when there are several outputs), the metric, and its direction.
 */
@Internal
public record NamedMetric(String key, Metric metric, int output) {
}
