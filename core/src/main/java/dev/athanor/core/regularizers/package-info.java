/**
 * Keras's weight regularizers ({@code l1}, {@code l2}, {@code l1_l2}), each a registered {@link
 * dev.athanor.core.Regularizer} whose penalty joins the training loss.
 *
 * <p>Depends on the top-level package and {@code registry}.
 */
package dev.athanor.core.regularizers;
