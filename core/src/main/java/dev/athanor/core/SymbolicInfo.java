package dev.athanor.core;

import dev.athanor.core.layers.Layer;

/**
 * Where a symbolic tensor comes from in a functional model: output {@code tensorIndex} of node
 * {@code nodeIndex} of {@code layer}, as Keras's {@code _keras_history}.
 */
record SymbolicInfo(Layer layer, int nodeIndex, int tensorIndex, long[] shape) {

    String describe() {
        return layer.name() + "/" + nodeIndex + "/" + tensorIndex + " shape=" + Shapes.describe(shape);
    }
}
