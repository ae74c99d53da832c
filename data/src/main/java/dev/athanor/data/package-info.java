/**
 * {@link dev.athanor.core.data.Dataset} sources that bring dependencies: {@code .npy} files read by rows in
 * place ({@link dev.athanor.data.NpyDataset}, for data larger than the heap), CSV streams
 * ({@link dev.athanor.data.CsvDataset}), folders of images as Keras's {@code image_dataset_from_directory}
 * ({@link dev.athanor.data.ImageDatasets}), and paged JDBC queries ({@link dev.athanor.data.JdbcDataset}).
 */
package dev.athanor.data;
