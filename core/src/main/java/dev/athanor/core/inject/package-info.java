/**
 * Guice wiring: {@link dev.athanor.core.inject.AthanorModule} provides the {@code Registries} and
 * lets applications bind or override components.
 *
 * <p>Depends on the top-level package, {@code layers} and {@code registry}.
 */
package dev.athanor.core.inject;
