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
 *
 * <p>The package is flat on purpose: it is what users import ({@code dev.athanor.core.layers.Dense}
 * is Keras's {@code keras.layers.Dense}), so a Keras-style split into {@code convolutional/},
 * {@code rnn/} ... would put every layer behind a different import. What is not a layer stays
 * package-private here, beside the layers that use it and out of the API: config parsing shared
 * by layer families ({@code ConvArgs}, {@code ConvGroups}, {@code Margins1D}/{@code Margins2D},
 * {@code LayerSpecs} for initializer/regularizer/constraint keys), seeded draws
 * ({@code GaussianDraws}), the einsum weight layout ({@code EinsumProjection}) and the weight size
 * limit ({@code WeightLimit}). Abstract bases of layer families ({@code Conv}, {@code KernelConv},
 * {@code Pooling}, {@code GlobalPooling}, {@code Merge}, {@code RecurrentLayer}, {@code Wrapper})
 * are public because plugin layers may extend them. {@code LayerNames} (Keras's per-prefix name
 * counter) is public for the model code that names layers.
 */
package dev.athanor.core.layers;
