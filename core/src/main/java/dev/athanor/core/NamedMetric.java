package dev.athanor.core;

/**
 * A metric as compiled for one output: the name it is logged under (what the user wrote, prefixed
 * with the output's name when there are several outputs), the metric, and its direction.
 */
record NamedMetric(String key, Metric metric, int output) {
}
