/**
 * Keras's weight constraints ({@code max_norm}, {@code non_neg}, {@code unit_norm}), applied to a
 * variable after each optimizer step, each a registered {@link dev.athanor.core.Constraint}.
 *
 * <p>Depends on the top-level package and {@code registry}.
 */
package dev.athanor.core.constraints;
