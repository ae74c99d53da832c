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

    /**
     * A whole float32 LSTM layer as one node ({@link FloatLstm}): {@code x [b, T, f]}, the kernel,
     * recurrent kernel and bias (null: none), initial states (null: zeros), the Keras mask
     * {@code [b, T]} and the recurrent dropout mask {@code [b, u]} (null: none). Returns the output
     * then the final states, or null where it does not apply (another data type, or an activation
     * without a fused form): then the caller projects the input and takes {@link #lstm}.
     */
    public static List<Tensor> lstmLayer(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias,
                                         List<Tensor> initial, INDArray mask, INDArray recurrentMask,
                                         boolean goBackwards, boolean returnSequences, Activation activation,
                                         Activation recurrentActivation) {
        FusedActivation act = FusedActivation.of(activation);
        FusedActivation gate = FusedActivation.of(recurrentActivation);
        if (act == null || gate == null || !FloatLstm.applies(x, kernel, recurrentKernel, bias, initial)) {
            return null;
        }
        return FloatLstm.run(x, kernel, recurrentKernel, bias, initial, mask, recurrentMask, goBackwards,
                returnSequences, act, gate);
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

    /**
     * A whole float32 GRU layer with {@code reset_after=True} as one node ({@link FloatGru}); arguments
     * as {@link #lstmLayer}, the biases null when absent. Null where it does not apply.
     */
    public static List<Tensor> gruLayer(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor inputBias,
                                        Tensor recurrentBias, List<Tensor> initial, INDArray mask,
                                        INDArray recurrentMask, boolean goBackwards, boolean returnSequences,
                                        Activation activation, Activation recurrentActivation) {
        FusedActivation act = FusedActivation.of(activation);
        FusedActivation gate = FusedActivation.of(recurrentActivation);
        if (act == null || gate == null) {
            return null;
        }
        return FloatGru.run(x, kernel, recurrentKernel, inputBias, recurrentBias, initial, mask, recurrentMask,
                goBackwards, returnSequences, act, gate);
    }

    /** A whole float32 SimpleRNN layer as one node ({@link FloatSimpleRnn}); as {@link #lstmLayer}. */
    public static List<Tensor> simpleRnnLayer(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias,
                                              List<Tensor> initial, INDArray mask, INDArray recurrentMask,
                                              boolean goBackwards, boolean returnSequences, Activation activation) {
        FusedActivation act = FusedActivation.of(activation);
        if (act == null) {
            return null;
        }
        return FloatSimpleRnn.run(x, kernel, recurrentKernel, bias, initial, mask, recurrentMask, goBackwards,
                returnSequences, act);
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
