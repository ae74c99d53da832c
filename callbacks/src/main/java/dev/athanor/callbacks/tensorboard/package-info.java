/**
 * TensorBoard's event-file format, written with protocol buffers generated at build time from
 * TensorBoard's own {@code .proto} files (package {@code dev.athanor.callbacks.tensorboard.proto}).
 *
 * <p>{@link dev.athanor.callbacks.tensorboard.TfRecords} frames records as TFRecord does (length,
 * masked CRC32C of the length, data, masked CRC32C of the data);
 * {@link dev.athanor.callbacks.tensorboard.EventFileWriter} appends {@code Event}s to one
 * {@code events.out.tfevents.*} file; {@link dev.athanor.callbacks.tensorboard.Summaries} builds the
 * summaries TensorFlow's {@code tf.summary} writes (scalars, histograms, text, the Keras model
 * config); {@link dev.athanor.callbacks.tensorboard.EventFileReader} reads a file back, checking
 * every checksum. The user-facing callback is {@link dev.athanor.callbacks.TensorBoard}.
 *
 * <p>Depends on core (tensors) and protobuf-java only.
 */
package dev.athanor.callbacks.tensorboard;
