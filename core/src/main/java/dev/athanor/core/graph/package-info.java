/**
 * The model graph: the nodes a functional model is wired from, their topological order, the Keras
 * model config ({@code get_config}/{@code from_config} of functional and sequential models) and
 * {@code summary()}.
 *
 * <p>Implementation, reached through {@link dev.athanor.core.Model}; its public types are {@link
 * dev.athanor.core.Internal}. Depends on the top-level package, {@code layers} and {@code
 * registry}.
 */
package dev.athanor.core.graph;
