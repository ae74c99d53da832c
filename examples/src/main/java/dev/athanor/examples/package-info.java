/**
 * Runnable examples and small measurement programs written as a user writes them; the module's
 * tests are the end-to-end checks across modules.
 *
 * <p>Depends on the public API of the modules it shows.
 */
package dev.athanor.examples;
