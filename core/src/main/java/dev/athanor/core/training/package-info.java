/**
 * The fit/evaluate/predict machinery behind {@link dev.athanor.core.Model}: the {@code Trainer} loop
 * (a readable Keras {@code fit}), the compiled objective (losses, loss weights, metrics, sample and
 * class weights, masks), batching and shuffling, validation splits, and the progress bar.
 *
 * <p>Implementation; its public types are {@link dev.athanor.core.Internal}. Depends on the
 * top-level package, {@code data}, {@code activations} (the compiled step fuses named activations),
 * {@code layers}, {@code graph}, {@code ops} and {@code registry}.
 */
package dev.athanor.core.training;
