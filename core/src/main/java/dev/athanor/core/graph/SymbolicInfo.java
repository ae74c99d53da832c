package dev.athanor.core.graph;

import dev.athanor.core.Internal;

import dev.athanor.core.Shapes;
import dev.athanor.core.SymbolicOrigin;

import dev.athanor.core.layers.Layer;

/**
 * Where a symbolic tensor comes from in a functional model: output {@code tensorIndex} of node
 * {@code nodeIndex} of {@code layer}, as Keras's {@code _keras_history}.
 */
@Internal
public record SymbolicInfo(Layer layer, int nodeIndex, int tensorIndex, long[] shape) implements SymbolicOrigin {

    @Override
    public String describe() {
        return layer.name() + "/" + nodeIndex + "/" + tensorIndex + " shape=" + Shapes.describe(shape);
    }
}
