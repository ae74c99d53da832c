package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.ops.rnn.FusedRecurrence;
import dev.athanor.core.ops.rnn.RecurrentOps;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.activations.Activation;
import dev.athanor.core.activations.Activations;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Keras's {@code LSTM(units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
 * kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
 * unit_forget_bias=True, dropout=0, recurrent_dropout=0, return_sequences=False,
 * return_state=False, go_backwards=False, ...)} (keras/layers/recurrent.py, Keras 2.6; the loop,
 * masks and dropout are described in {@link RecurrentLayer}). Weights in Keras's layout, so Keras
 * files load unchanged: {@code kernel [input, 4·units]}, {@code recurrent_kernel [units, 4·units]},
 * {@code bias [4·units]}, the four column blocks being the gates i, f, c, o. One step:
 *
 * <pre>  z = x_t·kernel + bias + h_{t-1}·recurrent_kernel        (one gemm per step for all gates)
 *  i = σ(z_i)   f = σ(z_f)   o = σ(z_o)                  (σ = recurrent_activation)
 *  c_t = f·c_{t-1} + i·act(z_c)
 *  h_t = o·act(c_t)                                      (act = activation)</pre>
 *
 * States are {@code [h, c]}; with {@code return_state} the outputs are {@code [output, h, c]}.
 * {@code unit_forget_bias} initializes the forget block of the bias to ones (Jozefowicz et al.,
 * 2015) and the rest with {@code bias_initializer}.
 */
public class LSTM extends RecurrentLayer<LSTM> {

    private Activation recurrentActivation = Activations.get("sigmoid");
    private boolean unitForgetBias = true;
    private Variable kernel;
    private Variable recurrentKernel;
    private Variable bias;

    /** For the registry; {@code units} must be configured. */
    public LSTM() {
    }

    /** An LSTM with {@code units} outputs. */
    public LSTM(int units) {
        units(units);
    }

    /** The gate activation by Keras name; default sigmoid. */
    public LSTM recurrentActivation(String name) {
        this.recurrentActivation = Activations.get(name);
        return this;
    }

    /** Whether the forget gate's bias starts at 1. */
    public LSTM unitForgetBias(boolean value) {
        requireUnbuilt();
        this.unitForgetBias = value;
        return this;
    }

    @Override
    protected int stateCount() {
        return 2;
    }

    @Override
    protected void buildCell(long inputDim) {
        int u = units();
        kernel = addKernel(inputDim, 4L * u);
        recurrentKernel = addRecurrentKernel(4L * u);
        bias = addBias(4L * u);
        if (bias != null && unitForgetBias) {
            bias.value().put(new INDArrayIndex[] {NDArrayIndex.interval(u, 2L * u)}, 1.0);
        }
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
                Tensor z = projected.add(recurrentInput.matmul(r));
                List<Tensor> g = RecurrentOps.split(z, 1, 4);
                Tensor i = recurrentActivation.apply(g.get(0));
                Tensor f = recurrentActivation.apply(g.get(1));
                Tensor c = f.mul(states.get(1)).add(i.mul(act.apply(g.get(2))));
                Tensor o = recurrentActivation.apply(g.get(3));
                return List.of(o.mul(act.apply(c)), c);
            }

            @Override
            public List<Tensor> layer(Tensor inputs, List<Tensor> initial, INDArray mask, INDArray recurrentMask,
                                      boolean goBackwards, boolean returnSequences) {
                return FusedRecurrence.lstmLayer(inputs, k, r, b, initial, mask, recurrentMask, goBackwards,
                        returnSequences, act, recurrentActivation);
            }

            @Override
            public List<Tensor> sequence(Tensor projected, List<Tensor> initial, INDArray mask,
                                         INDArray recurrentMask, boolean goBackwards, boolean returnSequences) {
                return FusedRecurrence.lstm(projected, r, initial, mask, recurrentMask, goBackwards, returnSequences,
                        act, recurrentActivation);
            }
        };
    }

    @Override
    protected void writeCellOptions(Map<String, Object> c) {
        c.put("recurrent_activation", Activations.nameOf(recurrentActivation));
    }

    @Override
    protected void writeBiasOptions(Map<String, Object> c) {
        c.put("unit_forget_bias", unitForgetBias);
    }

    @Override
    protected void readConfig(Config c) {
        super.readConfig(c);
        recurrentActivation(c.has("recurrent_activation")
                ? LayerSpecs.activationName(c, "recurrent_activation") : "sigmoid");
        unitForgetBias(c.getBoolean("unit_forget_bias", true));
    }
}
