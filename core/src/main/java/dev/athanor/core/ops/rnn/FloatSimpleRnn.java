package dev.athanor.core.ops.rnn;

import dev.athanor.core.Tensor;
import dev.athanor.core.ops.FusedActivation;
import dev.athanor.core.ops.HostBlas;
import java.nio.FloatBuffer;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A whole float32 SimpleRNN layer as one node ({@link FloatRecurrence}), the math of
 * {@link SimpleRnnSequence}: {@code h_t = act(x_t·kernel + bias + h·recurrent_kernel)}; backward per
 * step {@code dz = dh·act'(h_t)}, {@code dh_prev = dz·recurrent_kernelᵀ}.
 */
final class FloatSimpleRnn extends FloatRecurrence {

    private final FusedActivation act;
    private final float[] bias;
    /** Per walking step, the new output before masking {@code [b·u]}. */
    private float[][] fresh;
    private float[] h0;

    private FloatSimpleRnn(INDArray x, INDArray kernel, INDArray recurrentKernel, float[] bias, INDArray mask,
                           INDArray recurrentMask, boolean goBackwards, boolean returnSequences, FusedActivation act) {
        super(x, kernel, recurrentKernel, mask, recurrentMask, goBackwards, returnSequences);
        this.bias = bias;
        this.act = act;
    }

    /** Runs the layer and records it, or returns null where it does not apply; see {@link FusedRecurrence}. */
    static List<Tensor> run(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, List<Tensor> initial,
                            INDArray mask, INDArray recurrentMask, boolean goBackwards, boolean returnSequences,
                            FusedActivation act) {
        if (!fits(x, recurrentKernel, 1, kernel, bias, initial == null ? null : initial.get(0))) {
            return null;
        }
        FloatSimpleRnn rnn = new FloatSimpleRnn(x.value(), kernel.value(), recurrentKernel.value(),
                bias == null ? null : floats(bias.value()), mask, recurrentMask, goBackwards, returnSequences, act);
        INDArray[] values = rnn.forward(initial == null ? null : floats(initial.get(0).value()));
        boolean inputGrad = x.requiresGrad();
        return FusedSequence.record("FloatSimpleRnn", values[0], List.of(values),
                parents(x, initial, kernel, recurrentKernel, bias),
                grads -> rnn.backward(grads, inputGrad, bias != null, initial != null));
    }

    private INDArray[] forward(float[] initialH) {
        int b = batch;
        int u = units;
        int bu = b * u;
        h0 = initialH == null ? new float[bu] : initialH;
        INDArray z = project(u);
        hin = Nd4j.createUninitialized(DataType.FLOAT, b, steps, u);
        INDArray out = returnSequences ? Nd4j.createUninitialized(DataType.FLOAT, b, steps, u) : null;
        INDArray hCur = Nd4j.createUninitialized(DataType.FLOAT, b, u);
        INDArray m = Nd4j.createUninitialized(DataType.FLOAT, b, u);
        FloatBuffer zb = HostBlas.floatView(z);
        FloatBuffer mb = HostBlas.floatView(m);
        FloatBuffer cb = HostBlas.floatView(hCur);
        FloatBuffer hb = HostBlas.floatView(hin);
        FloatBuffer ob = out == null ? null : HostBlas.floatView(out);
        fresh = new float[steps][];
        float[] hPrev = h0;
        float[] row = new float[u];
        writeRecurrentInput(hb, cb, hPrev, time(0));
        for (int k = 0; k < steps; k++) {
            int t = time(k);
            recurrentProduct(hCur, u, m);
            float[] y = new float[bu];
            for (int r = 0; r < b; r++) {
                int o = r * u;
                zb.get((r * steps + t) * u, y, o, u);
                mb.get(o, row, 0, u);
                for (int j = 0; j < u; j++) {
                    y[o + j] += row[j];
                }
                if (bias != null) {
                    for (int j = 0; j < u; j++) {
                        y[o + j] += bias[j];
                    }
                }
                GateMath.activate(act, y, o, u);
            }
            fresh[k] = y;
            float[] h = y;
            if (mask != null) {
                h = new float[bu];
                for (int r = 0; r < b; r++) {
                    float mk = mask[k * b + r];
                    int o = r * u;
                    for (int j = 0; j < u; j++) {
                        h[o + j] = hPrev[o + j] + (y[o + j] - hPrev[o + j]) * mk;
                    }
                }
            }
            if (ob != null) {
                for (int r = 0; r < b; r++) {
                    ob.put((r * steps + k) * u, h, r * u, u);
                }
            }
            if (k + 1 < steps) {
                writeRecurrentInput(hb, cb, h, time(k + 1));
            }
            hPrev = h;
        }
        return new INDArray[] {out != null ? out : state(hPrev), state(hPrev)};
    }

    private INDArray[] backward(INDArray[] grads, boolean inputGrad, boolean hasBias, boolean hasInitial) {
        int b = batch;
        int u = units;
        int bu = b * u;
        float[] gh = new float[bu];
        addInto(gh, grads[1]);
        FloatBuffer og = null;
        if (grads[0] != null && returnSequences) {
            og = HostBlas.floatView(dense(grads[0].castTo(DataType.FLOAT)));
        } else {
            addInto(gh, grads[0]);
        }
        INDArray dzN = gradientBuffer("dz", u);
        INDArray ghN = Nd4j.createUninitialized(DataType.FLOAT, b, u);
        FloatBuffer dzb = HostBlas.floatView(dzN);
        FloatBuffer ghb = HostBlas.floatView(ghN);
        INDArray step = Nd4j.createUninitialized(DataType.FLOAT, b, u);
        FloatBuffer stepb = HostBlas.floatView(step);
        float[] dz = new float[bu];
        float[] db = hasBias ? new float[u] : null;
        float[] keepH = mask == null ? null : new float[bu];
        float[] tmp = new float[u];
        for (int k = steps - 1; k >= 0; k--) {
            int t = time(k);
            float[] y = fresh[k];
            for (int r = 0; r < b; r++) {
                int o = r * u;
                if (og != null) {
                    og.get((r * steps + k) * u, tmp, 0, u);
                    for (int j = 0; j < u; j++) {
                        gh[o + j] += tmp[j];
                    }
                }
                if (mask != null) {
                    float mk = mask[k * b + r];
                    for (int j = 0; j < u; j++) {
                        float d = gh[o + j] * mk;
                        keepH[o + j] = gh[o + j] - d;
                        gh[o + j] = d;
                    }
                }
                GateMath.timesSlope(act, gh, o, y, o, dz, o, u);
                if (db != null) {
                    for (int j = 0; j < u; j++) {
                        db[j] += dz[o + j];
                    }
                }
                dzb.put((r * steps + t) * u, dz, o, u);
            }
            stepb.put(0, dz, 0, dz.length);
            recurrentGradient(step, u, ghN);
            ghb.get(0, gh, 0, bu);
            if (recurrentMask != null) {
                for (int i = 0; i < bu; i++) {
                    gh[i] *= recurrentMask[i];
                }
            }
            if (keepH != null) {
                for (int i = 0; i < bu; i++) {
                    gh[i] += keepH[i];
                }
            }
        }
        INDArray[] result = new INDArray[3 + (hasBias ? 1 : 0) + (hasInitial ? 1 : 0)];
        result[0] = inputGrad ? inputGradient(dzN, u) : null;
        result[1] = weightGradient(x, features, dzN, u);
        result[2] = weightGradient(hin, u, dzN, u);
        if (hasBias) {
            result[3] = Nd4j.create(db, new long[] {u}, DataType.FLOAT);
        }
        if (hasInitial) {
            result[result.length - 1] = state(gh);
        }
        fresh = null;
        return result;
    }
}
