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

/**
 * Keras's {@code GRU(units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
 * kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
 * dropout=0, recurrent_dropout=0, reset_after=True, return_sequences=False, ...)}
 * (keras/layers/recurrent.py, Keras 2.6; the loop, masks and dropout are described in
 * {@link RecurrentLayer}). Weights in Keras's layout: {@code kernel [input, 3·units]},
 * {@code recurrent_kernel [units, 3·units]}, column blocks z (update), r (reset), h (candidate).
 *
 * <p>{@code reset_after=True} (tf.keras 2 default, cuDNN-compatible): {@code bias [2, 3·units]}, row
 * 0 for the input, row 1 for the recurrent projection; the reset gate applies after the recurrent
 * product:
 * <pre>  x = x_t·kernel + bias[0]          m = h_{t-1}·recurrent_kernel + bias[1]
 *  z = σ(x_z + m_z)   r = σ(x_r + m_r)   h~ = act(x_h + r·m_h)
 *  h_t = z·h_{t-1} + (1 - z)·h~</pre>
 * {@code reset_after=False} (Keras 2.2 default): {@code bias [3·units]}, the reset gate applies
 * before the candidate's recurrent product, which costs a second gemm per step:
 * <pre>  x = x_t·kernel + bias              m = h_{t-1}·recurrent_kernel[:, :2u]
 *  z = σ(x_z + m_z)   r = σ(x_r + m_r)   h~ = act(x_h + (r·h_{t-1})·recurrent_kernel[:, 2u:])</pre>
 */
public class GRU extends RecurrentLayer<GRU> {

    private Activation recurrentActivation = Activations.get("sigmoid");
    private boolean resetAfter = true;
    private Variable kernel;
    private Variable recurrentKernel;
    private Variable bias;

    /** For the registry; {@code units} must be configured. */
    public GRU() {
    }

    /** A GRU with {@code units} outputs. */
    public GRU(int units) {
        units(units);
    }

    /** The gate activation by Keras name; default sigmoid. */
    public GRU recurrentActivation(String name) {
        this.recurrentActivation = Activations.get(name);
        return this;
    }

    /** Whether the reset gate applies after the recurrent product (see the class comment). */
    public GRU resetAfter(boolean value) {
        requireUnbuilt();
        this.resetAfter = value;
        return this;
    }

    @Override
    protected int stateCount() {
        return 1;
    }

    @Override
    protected void buildCell(long inputDim) {
        long cols = 3L * units();
        kernel = addKernel(inputDim, cols);
        recurrentKernel = addRecurrentKernel(cols);
        bias = resetAfter ? addBias(2, cols) : addBias(cols);
    }

    @Override
    protected Cell cell() {
        int u = units();
        Tensor k = kernel.tensor();
        Tensor r = recurrentKernel.tensor();
        Tensor inputBias = bias == null ? null
                : resetAfter ? bias.tensor().slice(0, 0, 1).reshape(3L * u) : bias.tensor();
        Tensor recurrentBias = bias == null || !resetAfter ? null : bias.tensor().slice(0, 1, 2).reshape(3L * u);
        Tensor rGates = resetAfter ? null : r.slice(1, 0, 2L * u);
        Tensor rCandidate = resetAfter ? null : r.slice(1, 2L * u, 3L * u);
        Activation act = activationFn();
        return new Cell() {
            @Override
            public Tensor project(Tensor inputs) {
                // one op: gemm with the bias added in place (no broadcast temporary, no separate sum backward)
                return inputs.linear(k, inputBias);
            }

            @Override
            public List<Tensor> step(Tensor projected, List<Tensor> states, Tensor recurrentInput) {
                Tensor h = states.get(0);
                List<Tensor> x = RecurrentOps.split(projected, 1, 3);
                Tensor candidate;
                Tensor z;
                if (resetAfter) {
                    Tensor m = recurrentInput.matmul(r);
                    if (recurrentBias != null) {
                        m = m.add(recurrentBias);
                    }
                    List<Tensor> mg = RecurrentOps.split(m, 1, 3);
                    z = recurrentActivation.apply(x.get(0).add(mg.get(0)));
                    Tensor rr = recurrentActivation.apply(x.get(1).add(mg.get(1)));
                    candidate = act.apply(x.get(2).add(rr.mul(mg.get(2))));
                } else {
                    List<Tensor> mg = RecurrentOps.split(recurrentInput.matmul(rGates), 1, 2);
                    z = recurrentActivation.apply(x.get(0).add(mg.get(0)));
                    Tensor rr = recurrentActivation.apply(x.get(1).add(mg.get(1)));
                    candidate = act.apply(x.get(2).add(rr.mul(recurrentInput).matmul(rCandidate)));
                }
                return List.of(z.mul(h).add(z.rsub(1.0).mul(candidate)));
            }

            @Override
            public List<Tensor> layer(Tensor inputs, List<Tensor> initial, INDArray mask, INDArray recurrentMask,
                                      boolean goBackwards, boolean returnSequences) {
                return resetAfter ? FusedRecurrence.gruLayer(inputs, k, r, inputBias, recurrentBias, initial, mask,
                        recurrentMask, goBackwards, returnSequences, act, recurrentActivation) : null;
            }

            @Override
            public List<Tensor> sequence(Tensor projected, List<Tensor> initial, INDArray mask,
                                         INDArray recurrentMask, boolean goBackwards, boolean returnSequences) {
                // reset_after=False needs the reset gate before its second gemm: it keeps the step path.
                return resetAfter ? FusedRecurrence.gru(projected, r, recurrentBias, initial, mask, recurrentMask,
                        goBackwards, returnSequences, act, recurrentActivation) : null;
            }
        };
    }

    @Override
    protected void writeCellOptions(Map<String, Object> c) {
        c.put("recurrent_activation", Activations.nameOf(recurrentActivation));
    }

    @Override
    protected void writeTrailingOptions(Map<String, Object> c) {
        c.put("reset_after", resetAfter);
    }

    @Override
    protected void readConfig(Config c) {
        super.readConfig(c);
        recurrentActivation(c.has("recurrent_activation")
                ? LayerSpecs.activationName(c, "recurrent_activation") : "sigmoid");
        resetAfter(c.getBoolean("reset_after", true));
    }
}
