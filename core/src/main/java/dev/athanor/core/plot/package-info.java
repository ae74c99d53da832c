/**
 * {@code keras.utils.plot_model}: a model's layer graph as Graphviz DOT text ({@link
 * dev.athanor.core.plot.ModelDot}, the same text Keras 3's {@code model_to_dot} produces) and its
 * rendering to PNG, SVG, PDF or JPEG by Graphviz's {@code dot} program ({@link
 * dev.athanor.core.plot.Graphviz}). Users call {@link dev.athanor.core.Models#plot}.
 *
 * <p>Depends on core's public model API (layers, nodes, tensors) only.
 */
package dev.athanor.core.plot;
