/**
 * A plugin written as an outside author writes one, and the template for yours: two losses, two
 * VAE layers, a custom-op activation ({@code Snake}) and a callback, listed in {@code
 * META-INF/services}. See the module's README, the plugin guide.
 *
 * <p>Depends on athanor-core's public API only (never on {@code @Internal} members).
 */
package dev.athanor.plugins.example;
