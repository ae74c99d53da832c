/**
 * Keras's losses and metrics with their names, formulas, defaults and reductions ({@code
 * categorical_crossentropy}, {@code mse}, {@code accuracy}, ...), registered through core's {@code
 * Loss} and {@code Metric} SPIs; plus {@link dev.athanor.losses.Utils#toCategorical}.
 *
 * <p>Depends on athanor-core's public API only.
 */
package dev.athanor.losses;
