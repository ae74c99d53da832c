/**
 * The fused recurrences: whole-sequence LSTM, GRU and SimpleRNN kernels with their backward through
 * time, used by the recurrent layers.
 *
 * <p>Implementation; its public types are {@link dev.athanor.core.Internal}. Depends on the
 * top-level package, {@code activations} and {@code ops}.
 */
package dev.athanor.core.ops.rnn;
