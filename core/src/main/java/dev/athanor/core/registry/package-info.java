/**
 * Components by name: one {@link dev.athanor.core.registry.ComponentRegistry} per SPI, discovered
 * with {@link java.util.ServiceLoader} (the only place that touches it), plugin folders ({@link
 * dev.athanor.core.registry.Plugins}), and the errors for unknown names (known names, closest match,
 * the artifact that provides a missing built-in). Nothing is ever instantiated from a class name
 * found in data.
 *
 * <p>Depends on the top-level package and {@code layers} (the Layer SPI).
 */
package dev.athanor.core.registry;
