/**
 * Keras's callbacks ({@code ModelCheckpoint}, {@code EarlyStopping}, {@code ReduceLROnPlateau},
 * {@code CSVLogger}, {@code TensorBoard}, {@code LearningRateScheduler}, {@code TerminateOnNaN},
 * {@code LambdaCallback}) plus history files and plots, registered through core's {@code Callback}
 * SPI.
 *
 * <p>Depends on athanor-core's public API and athanor-io (checkpoint files).
 */
package dev.athanor.callbacks;
