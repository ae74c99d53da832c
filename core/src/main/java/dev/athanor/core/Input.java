package dev.athanor.core;

import dev.athanor.core.layers.InputLayer;

/** Keras's {@code Input(shape=...)}: a symbolic tensor that starts a functional model. */
public final class Input {

    private Input() {
    }

    /** A symbolic input for samples of {@code shape} (the batch dimension is implicit). */
    public static Tensor of(long... shape) {
        return of(new InputLayer(shape));
    }

    /** A named symbolic input. */
    public static Tensor named(String name, long... shape) {
        InputLayer layer = new InputLayer(shape);
        layer.name(name);
        return of(layer);
    }

    static Tensor of(InputLayer layer) {
        return layer.output();
    }
}
