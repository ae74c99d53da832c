/**
 * Keras's activation functions by name ({@code relu}, {@code gelu}, {@code softmax}, ...): the
 * {@link dev.athanor.core.activations.Activation} interface, the built-in table and the lookup
 * with Keras's names and errors. Layers use them; the kernels in {@code ops} fuse some of them.
 *
 * <p>Depends on the top-level package only.
 */
package dev.athanor.core.activations;
