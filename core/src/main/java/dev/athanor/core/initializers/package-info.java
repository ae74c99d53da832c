/**
 * Keras's weight initializers ({@code glorot_uniform}, {@code he_normal}, {@code orthogonal}, ...),
 * each a registered {@link dev.athanor.core.Initializer} with Keras's config keys, fan rules and
 * seeding.
 *
 * <p>Depends on the top-level package and {@code registry}.
 */
package dev.athanor.core.initializers;
