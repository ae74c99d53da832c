/**
 * Keras's layers ({@code Dense}, {@code Conv2D}, {@code LSTM}, {@code Embedding}, {@code
 * BatchNormalization}, {@code MultiHeadAttention}, merge, pooling, reshaping and wrapper layers) and
 * the {@link dev.athanor.core.layers.Layer} SPI they and plugin layers extend: weights created in
 * {@code build}, Keras's config keys and defaults, masks, and shape errors that name the layer and
 * both shapes.
 *
 * <p>Depends on the top-level package, {@code activations}, {@code ops} and {@code ops.rnn} (the
 * kernels), the component packages ({@code initializers}, {@code regularizers}, {@code
 * constraints}), {@code registry}, and {@code graph} only where {@code Layer} and {@code
 * InputLayer} record the node of a functional call (as Keras's {@code Layer.__call__} does).
 */
package dev.athanor.core.layers;
