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
 * A whole float32 GRU layer with {@code reset_after=True} as one node ({@link FloatRecurrence}), the
 * math of {@link GruSequence} (blocks z, r, h):
 * <pre>  x = x_t·kernel + bias[0];  m = h·recurrent_kernel + bias[1]
 *  z = σ(x_z + m_z);  r = σ(x_r + m_r);  h~ = act(x_h + r·m_h);  h_t = h~ + z·(h - h~)</pre>
 * The recurrent product stays apart from the projection (the reset gate multiplies only its h
 * block), so a step's gemm writes a {@code [b, 3u]} buffer; backward keeps two gradients per step,
 * the projection's ({@code dx}) and the recurrent product's ({@code dm}), each summed into its
 * kernel's gradient by one gemm at the end.
 */
final class FloatGru extends FloatRecurrence {

    private final FusedActivation act;
    private final FusedActivation gate;
    private final float[] inputBias;
    private final float[] recurrentBias;
    /** Per walking step {@code [b·4u]}: z, r, h~ and the recurrent product's h block m_h, per row. */
    private float[][] saved;
    /** Per walking step, the output after masking {@code [b·u]}. */
    private float[][] kept;
    private float[] h0;

    private FloatGru(INDArray x, INDArray kernel, INDArray recurrentKernel, float[] inputBias, float[] recurrentBias,
                     INDArray mask, INDArray recurrentMask, boolean goBackwards, boolean returnSequences,
                     FusedActivation act, FusedActivation gate) {
        super(x, kernel, recurrentKernel, mask, recurrentMask, goBackwards, returnSequences);
        this.inputBias = inputBias;
        this.recurrentBias = recurrentBias;
        this.act = act;
        this.gate = gate;
    }

    /** Runs the layer and records it, or returns null where it does not apply; see {@link FusedRecurrence}. */
    static List<Tensor> run(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor inputBias, Tensor recurrentBias,
                            List<Tensor> initial, INDArray mask, INDArray recurrentMask, boolean goBackwards,
                            boolean returnSequences, FusedActivation act, FusedActivation gate) {
        if (!fits(x, recurrentKernel, 3, kernel, inputBias, recurrentBias, initial == null ? null : initial.get(0))) {
            return null;
        }
        FloatGru gru = new FloatGru(x.value(), kernel.value(), recurrentKernel.value(),
                inputBias == null ? null : floats(inputBias.value()),
                recurrentBias == null ? null : floats(recurrentBias.value()), mask, recurrentMask, goBackwards,
                returnSequences, act, gate);
        INDArray[] values = gru.forward(initial == null ? null : floats(initial.get(0).value()));
        boolean inputGrad = x.requiresGrad();
        return FusedSequence.record("FloatGru", values[0], List.of(values),
                parents(x, initial, kernel, recurrentKernel, inputBias, recurrentBias),
                grads -> gru.backward(grads, inputGrad, inputBias != null, recurrentBias != null, initial != null));
    }

    private INDArray[] forward(float[] initialH) {
        int b = batch;
        int u = units;
        int g3 = 3 * u;
        int g4 = 4 * u;
        int bu = b * u;
        h0 = initialH == null ? new float[bu] : initialH;
        INDArray zx = project(g3);
        INDArray m = Nd4j.createUninitialized(DataType.FLOAT, b, g3);
        hin = Nd4j.createUninitialized(DataType.FLOAT, b, steps, u);
        INDArray out = returnSequences ? Nd4j.createUninitialized(DataType.FLOAT, b, steps, u) : null;
        INDArray hCur = Nd4j.createUninitialized(DataType.FLOAT, b, u);
        FloatBuffer cb = HostBlas.floatView(hCur);
        FloatBuffer zb = HostBlas.floatView(zx);
        FloatBuffer mb = HostBlas.floatView(m);
        FloatBuffer hb = HostBlas.floatView(hin);
        FloatBuffer ob = out == null ? null : HostBlas.floatView(out);
        saved = new float[steps][];
        kept = new float[steps][];
        float[] hPrev = h0;
        float[] xr = new float[g3];
        float[] mr = new float[g3];
        writeRecurrentInput(hb, cb, hPrev, time(0));
        for (int k = 0; k < steps; k++) {
            int t = time(k);
            recurrentProduct(hCur, g3, m);
            float[] s = new float[b * g4];
            float[] h = new float[bu];
            for (int r = 0; r < b; r++) {
                int so = r * g4;
                int o = r * u;
                zb.get((r * steps + t) * g3, xr, 0, g3);
                mb.get(r * g3, mr, 0, g3);
                if (inputBias != null) {
                    for (int j = 0; j < g3; j++) {
                        xr[j] += inputBias[j];
                    }
                }
                if (recurrentBias != null) {
                    for (int j = 0; j < g3; j++) {
                        mr[j] += recurrentBias[j];
                    }
                }
                for (int j = 0; j < 2 * u; j++) {
                    s[so + j] = xr[j] + mr[j];
                }
                GateMath.activate(gate, s, so, 2 * u);
                for (int j = 0; j < u; j++) {
                    s[so + 2 * u + j] = s[so + u + j] * mr[2 * u + j] + xr[2 * u + j];
                    s[so + 3 * u + j] = mr[2 * u + j];
                }
                GateMath.activate(act, s, so + 2 * u, u);
                for (int j = 0; j < u; j++) {
                    float cand = s[so + 2 * u + j];
                    h[o + j] = (hPrev[o + j] - cand) * s[so + j] + cand;
                }
                if (mask != null) {
                    float mk = mask[k * b + r];
                    for (int j = 0; j < u; j++) {
                        h[o + j] = hPrev[o + j] + (h[o + j] - hPrev[o + j]) * mk;
                    }
                }
                if (ob != null) {
                    ob.put((r * steps + k) * u, h, o, u);
                }
            }
            saved[k] = s;
            kept[k] = h;
            if (k + 1 < steps) {
                writeRecurrentInput(hb, cb, h, time(k + 1));
            }
            hPrev = h;
        }
        return new INDArray[] {out != null ? out : state(hPrev), state(hPrev)};
    }

    private INDArray[] backward(INDArray[] grads, boolean inputGrad, boolean hasInputBias, boolean hasRecurrentBias,
                                boolean hasInitial) {
        int b = batch;
        int u = units;
        int g3 = 3 * u;
        int g4 = 4 * u;
        int bu = b * u;
        float[] gh = new float[bu];
        addInto(gh, grads[1]);
        FloatBuffer og = null;
        if (grads[0] != null && returnSequences) {
            og = HostBlas.floatView(dense(grads[0].castTo(DataType.FLOAT)));
        } else {
            addInto(gh, grads[0]);
        }
        INDArray dxN = gradientBuffer("dx", g3);
        INDArray dmN = gradientBuffer("dm", g3);
        INDArray ghN = Nd4j.createUninitialized(DataType.FLOAT, b, u);
        FloatBuffer dxb = HostBlas.floatView(dxN);
        FloatBuffer dmb = HostBlas.floatView(dmN);
        FloatBuffer ghb = HostBlas.floatView(ghN);
        INDArray step = Nd4j.createUninitialized(DataType.FLOAT, b, g3);
        FloatBuffer stepb = HostBlas.floatView(step);
        float[] dx = new float[g3];
        float[] dm = new float[g3];
        float[] dbIn = hasInputBias ? new float[g3] : null;
        float[] dbRec = hasRecurrentBias ? new float[g3] : null;
        float[] direct = new float[bu];
        float[] dh = new float[u];
        float[] tmp = new float[u];
        for (int k = steps - 1; k >= 0; k--) {
            int t = time(k);
            float[] s = saved[k];
            float[] hp = k > 0 ? kept[k - 1] : h0;
            for (int r = 0; r < b; r++) {
                int o = r * u;
                int so = r * g4;
                if (og != null) {
                    og.get((r * steps + k) * u, tmp, 0, u);
                    for (int j = 0; j < u; j++) {
                        gh[o + j] += tmp[j];
                    }
                }
                // direct: what reaches h_{t-1} without the gemm: dh·z, plus the masked share of gh.
                if (mask == null) {
                    System.arraycopy(gh, o, dh, 0, u);
                    for (int j = 0; j < u; j++) {
                        direct[o + j] = dh[j] * s[so + j];
                    }
                } else {
                    float mk = mask[k * b + r];
                    for (int j = 0; j < u; j++) {
                        dh[j] = gh[o + j] * mk;
                        direct[o + j] = gh[o + j] - dh[j] + dh[j] * s[so + j];
                    }
                }
                // dx_z = dh·(h_prev - h~)·σ'(z)
                for (int j = 0; j < u; j++) {
                    tmp[j] = dh[j] * (hp[o + j] - s[so + 2 * u + j]);
                }
                GateMath.timesSlope(gate, tmp, 0, s, so, dx, 0, u);
                // dh~ (pre-activation) = dh·(1 - z)·act'(h~)
                for (int j = 0; j < u; j++) {
                    tmp[j] = dh[j] * (1f - s[so + j]);
                }
                GateMath.timesSlope(act, tmp, 0, s, so + 2 * u, dx, 2 * u, u);
                // dx_r = dh~·m_h·σ'(r)
                for (int j = 0; j < u; j++) {
                    tmp[j] = dx[2 * u + j] * s[so + 3 * u + j];
                }
                GateMath.timesSlope(gate, tmp, 0, s, so + u, dx, u, u);
                System.arraycopy(dx, 0, dm, 0, 2 * u);
                for (int j = 0; j < u; j++) {
                    dm[2 * u + j] = dx[2 * u + j] * s[so + u + j];
                }
                if (dbIn != null) {
                    for (int j = 0; j < g3; j++) {
                        dbIn[j] += dx[j];
                    }
                }
                if (dbRec != null) {
                    for (int j = 0; j < g3; j++) {
                        dbRec[j] += dm[j];
                    }
                }
                dxb.put((r * steps + t) * g3, dx, 0, g3);
                dmb.put((r * steps + t) * g3, dm, 0, g3);
                stepb.put(r * g3, dm, 0, g3);
            }
            recurrentGradient(step, g3, ghN);
            ghb.get(0, gh, 0, bu);
            if (recurrentMask != null) {
                for (int i = 0; i < bu; i++) {
                    gh[i] *= recurrentMask[i];
                }
            }
            for (int i = 0; i < bu; i++) {
                gh[i] += direct[i];
            }
        }
        int n = 3 + (hasInputBias ? 1 : 0) + (hasRecurrentBias ? 1 : 0) + (hasInitial ? 1 : 0);
        INDArray[] result = new INDArray[n];
        result[0] = inputGrad ? inputGradient(dxN, g3) : null;
        result[1] = weightGradient(x, features, dxN, g3);
        result[2] = weightGradient(hin, u, dmN, g3);
        int i = 3;
        if (hasInputBias) {
            result[i++] = Nd4j.create(dbIn, new long[] {g3}, DataType.FLOAT);
        }
        if (hasRecurrentBias) {
            result[i++] = Nd4j.create(dbRec, new long[] {g3}, DataType.FLOAT);
        }
        if (hasInitial) {
            result[i] = state(gh);
        }
        saved = null;
        kept = null;
        return result;
    }
}
