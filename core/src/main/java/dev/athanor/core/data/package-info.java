/**
 * Batch sources for {@code fit}, {@code evaluate} and {@code predict}: Keras's {@code PyDataset} contract
 * ({@link dev.athanor.core.data.Dataset}), the {@link dev.athanor.core.data.Batch} it returns, and an adapter
 * for plain streams of batches. Sources that bring dependencies (files, images, databases) live in the
 * {@code athanor-data} module.
 *
 * <p>User API (the options and {@code Model} take a {@code Dataset}); depends on the top-level package
 * only. {@code core.training} reads batches from it.
 */
package dev.athanor.core.data;
