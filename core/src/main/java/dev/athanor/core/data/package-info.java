/**
 * Batch sources for {@code fit}, {@code evaluate} and {@code predict}: Keras's {@code PyDataset} contract
 * ({@link dev.athanor.core.data.Dataset}), the {@link dev.athanor.core.data.Batch} it returns, and an adapter
 * for plain streams of batches. Sources that bring dependencies (files, images, databases) live in the
 * {@code athanor-data} module.
 */
package dev.athanor.core.data;
