/**
 * The starter artifact holds no code of its own: depending on {@code dev.athanor:athanor-starter}
 * brings athanor-core, athanor-optimizers, athanor-losses, athanor-io and athanor-callbacks, so a new
 * project trains, saves and loads Keras models with one dependency. The examples module depends on
 * it (and on the small data sets) alone, which proves that it is enough.
 */
package dev.athanor.starter;
