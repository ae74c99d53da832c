package dev.athanor.core.ops.rnn;

import dev.athanor.core.ops.FusedActivation;
import dev.athanor.core.Tensor;

import dev.athanor.core.activations.Activation;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Whole recurrent sequences as single autodiff nodes, for the recurrent layers: the forward walk
 * costs one gemm and a few in-place native ops per step, the backward pass one hand-written
 * backpropagation through time (see {@link FusedSequence}). The math is the layers' generic
 * step-by-step path's, op for op where it can be, so results agree to rounding.
 *
 * <p>Each method takes the projected input {@code [b, T, G·u]} (input bias included), the recurrent
 * weights, the initial states (null: zeros), the Keras mask {@code [b, T]} (null: none), the
 * recurrent dropout mask {@code [b, u]} (null: none), and returns the output ({@code [b, T, u]} with
 * {@code returnSequences}, else {@code [b, u]}) then the final states. They return null when an
 * activation has no fused form (then the caller takes its generic path).
 */
public final class FusedRecurrence {

    private FusedRecurrence() {
    }

    /** An LSTM sequence (Keras's gate blocks i, f, c, o). */
    public static List<Tensor> lstm(Tensor projected, Tensor recurrentKernel, List<Tensor> initial, INDArray mask,
                                    INDArray recurrentMask, boolean goBackwards, boolean returnSequences,
                                    Activation activation, Activation recurrentActivation) {
        FusedActivation act = FusedActivation.of(activation);
        FusedActivation gate = FusedActivation.of(recurrentActivation);
        if (act == null || gate == null) {
            return null;
        }
        long[] s = projected.shape();
        INDArray r = recurrentKernel.value();
        return new LstmSequence(s[0], (int) s[1], r.size(0), mask, goBackwards, recurrentMask, r, act, gate)
                .run(projected, List.of(recurrentKernel), initial, goBackwards, returnSequences);
    }

    /** A GRU sequence with {@code reset_after=True} (blocks z, r, h); {@code recurrentBias} may be null. */
    public static List<Tensor> gru(Tensor projected, Tensor recurrentKernel, Tensor recurrentBias,
                                   List<Tensor> initial, INDArray mask, INDArray recurrentMask, boolean goBackwards,
                                   boolean returnSequences, Activation activation, Activation recurrentActivation) {
        FusedActivation act = FusedActivation.of(activation);
        FusedActivation gate = FusedActivation.of(recurrentActivation);
        if (act == null || gate == null) {
            return null;
        }
        long[] s = projected.shape();
        INDArray r = recurrentKernel.value();
        List<Tensor> weights = new ArrayList<>();
        weights.add(recurrentKernel);
        if (recurrentBias != null) {
            weights.add(recurrentBias);
        }
        return new GruSequence(s[0], (int) s[1], r.size(0), mask, goBackwards, recurrentMask, r,
                recurrentBias == null ? null : recurrentBias.value(), act, gate)
                .run(projected, weights, initial, goBackwards, returnSequences);
    }

    /** A SimpleRNN sequence. */
    public static List<Tensor> simpleRnn(Tensor projected, Tensor recurrentKernel, List<Tensor> initial,
                                         INDArray mask, INDArray recurrentMask, boolean goBackwards,
                                         boolean returnSequences, Activation activation) {
        FusedActivation act = FusedActivation.of(activation);
        if (act == null) {
            return null;
        }
        long[] s = projected.shape();
        INDArray r = recurrentKernel.value();
        return new SimpleRnnSequence(s[0], (int) s[1], r.size(0), mask, goBackwards, recurrentMask, r, act)
                .run(projected, List.of(recurrentKernel), initial, goBackwards, returnSequences);
    }
}
