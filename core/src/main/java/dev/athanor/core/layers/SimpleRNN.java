package dev.athanor.core.layers;

import dev.athanor.core.ops.rnn.FusedRecurrence;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.activations.Activation;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code SimpleRNN(units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
 * recurrent_initializer="orthogonal", bias_initializer="zeros", dropout=0, recurrent_dropout=0,
 * return_sequences=False, return_state=False, go_backwards=False, ...)} (keras/layers/recurrent.py,
 * Keras 2.6; the loop, masks and dropout are described in {@link RecurrentLayer}). Weights
 * {@code kernel [input, units]}, {@code recurrent_kernel [units, units]}, {@code bias [units]}:
 *
 * <pre>  h_t = act(x_t·kernel + bias + h_{t-1}·recurrent_kernel)</pre>
 */
public class SimpleRNN extends RecurrentLayer<SimpleRNN> {

    private Variable kernel;
    private Variable recurrentKernel;
    private Variable bias;

    /** For the registry; {@code units} must be configured. */
    public SimpleRNN() {
    }

    /** A recurrent layer with {@code units} outputs. */
    public SimpleRNN(int units) {
        units(units);
    }

    @Override
    protected int stateCount() {
        return 1;
    }

    @Override
    protected void buildCell(long inputDim) {
        kernel = addKernel(inputDim, units());
        recurrentKernel = addRecurrentKernel(units());
        bias = addBias(units());
    }

    @Override
    protected boolean hasImplementationKey() {
        return false;
    }

    @Override
    protected Cell cell() {
        Tensor k = kernel.tensor();
        Tensor r = recurrentKernel.tensor();
        Tensor b = bias == null ? null : bias.tensor();
        Activation act = activationFn();
        return new Cell() {
            @Override
            public Tensor project(Tensor inputs) {
                // one op: gemm with the bias added in place (no broadcast temporary, no separate sum backward)
                return inputs.linear(k, b);
            }

            @Override
            public List<Tensor> step(Tensor projected, List<Tensor> states, Tensor recurrentInput) {
                return List.of(act.apply(projected.add(recurrentInput.matmul(r))));
            }

            @Override
            public List<Tensor> layer(Tensor inputs, List<Tensor> initial, INDArray mask, INDArray recurrentMask,
                                      boolean goBackwards, boolean returnSequences) {
                return FusedRecurrence.simpleRnnLayer(inputs, k, r, b, initial, mask, recurrentMask, goBackwards,
                        returnSequences, act);
            }

            @Override
            public List<Tensor> sequence(Tensor projected, List<Tensor> initial, INDArray mask,
                                         INDArray recurrentMask, boolean goBackwards, boolean returnSequences) {
                return FusedRecurrence.simpleRnn(projected, r, initial, mask, recurrentMask, goBackwards,
                        returnSequences, act);
            }
        };
    }
}
