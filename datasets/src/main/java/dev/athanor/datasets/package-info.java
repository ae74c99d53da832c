/**
 * Small bundled data sets for examples, tests and the demo (the 8x8 digits).
 *
 * <p>Depends on athanor-core's public API only.
 */
package dev.athanor.datasets;
