package dev.athanor.spark;

import java.io.Serializable;

/** One training row as it travels between Spark stages: features and target, as floats. */
record Sample(float[] x, float[] y) implements Serializable {
}
