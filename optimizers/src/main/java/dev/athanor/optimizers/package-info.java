/**
 * Keras's optimizers (SGD, Adagrad, RMSprop, Adadelta, Adam, Adamax, Nadam, AdamW, Lion) as thin
 * files over the documented {@link dev.athanor.optimizers.BaseOptimizer}, and Keras's learning-rate
 * schedules; each registered through core's SPIs with Keras's names and defaults.
 *
 * <p>Depends on athanor-core's public API only.
 */
package dev.athanor.optimizers;
