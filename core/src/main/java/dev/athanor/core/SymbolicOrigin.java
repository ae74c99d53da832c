package dev.athanor.core;

/**
 * Where a symbolic tensor comes from while a functional model is wired (Keras's
 * {@code _keras_history}). Only {@code core.graph} implements it; {@link Tensor} keeps it opaque so
 * the tensor engine does not depend on the model graph (the graph depends on tensors, not the
 * other way round).
 */
@Internal
public interface SymbolicOrigin {

    /** The tensor's shape, the batch dimension as -1. */
    long[] shape();

    /** A short description for error messages, e.g. {@code dense_1/0/0 shape=[-1, 4]}. */
    String describe();
}
