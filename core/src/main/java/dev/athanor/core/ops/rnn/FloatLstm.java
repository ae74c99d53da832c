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
 * A whole float32 LSTM layer (input projection, recurrence, and their backward) as one node, with
 * the same math as {@link LstmSequence} (Keras's gate blocks i, f, c, o) but no ND4J op per step
 * (layout and products: {@link FloatRecurrence}). Per step: one {@code cblas_sgemm} adds
 * {@code h·recurrent_kernel} into the step's rows of the projection in place, then one Java pass per
 * batch row adds the bias, applies the gates and updates the cell ({@link GateMath}); backward, one
 * {@code dz·recurrent_kernelᵀ} gemm and one Java pass per step (the bias gradient summed on the way),
 * then one gemm per weight gradient.
 */
final class FloatLstm extends FloatRecurrence {

    private final FusedActivation act;
    private final FusedActivation gate;
    private final float[] bias;
    private float[][] gates;
    private float[][] cellAct;
    private float[][] cells;
    private float[] h0;
    private float[] c0;

    private FloatLstm(INDArray x, INDArray kernel, INDArray recurrentKernel, float[] bias, INDArray mask,
                      INDArray recurrentMask, boolean goBackwards, boolean returnSequences, FusedActivation act,
                      FusedActivation gate) {
        super(x, kernel, recurrentKernel, mask, recurrentMask, goBackwards, returnSequences);
        this.bias = bias;
        this.act = act;
        this.gate = gate;
    }

    /** Whether this kernel takes these arrays. */
    static boolean applies(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, List<Tensor> initial) {
        Tensor[] others = new Tensor[2 + (initial == null ? 0 : initial.size())];
        others[0] = kernel;
        others[1] = bias;
        for (int i = 2; i < others.length; i++) {
            others[i] = initial.get(i - 2);
        }
        return fits(x, recurrentKernel, 4, others);
    }

    /** Runs the layer and records it; see {@link FusedRecurrence#lstmLayer}. */
    static List<Tensor> run(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, List<Tensor> initial,
                            INDArray mask, INDArray recurrentMask, boolean goBackwards, boolean returnSequences,
                            FusedActivation act, FusedActivation gate) {
        FloatLstm lstm = new FloatLstm(x.value(), kernel.value(), recurrentKernel.value(),
                bias == null ? null : floats(bias.value()), mask, recurrentMask, goBackwards, returnSequences, act,
                gate);
        INDArray[] values = lstm.forward(initial == null ? null : floats(initial.get(0).value()),
                initial == null ? null : floats(initial.get(1).value()));
        boolean inputGrad = x.requiresGrad();
        return FusedSequence.record("FloatLstm", values[0], List.of(values),
                parents(x, initial, kernel, recurrentKernel, bias),
                grads -> lstm.backward(grads, inputGrad, bias != null, initial != null));
    }

    /** The output ({@code [b, T, u]} or {@code [b, u]}), then the final h and c. */
    private INDArray[] forward(float[] initialH, float[] initialC) {
        int b = batch;
        int u = units;
        int g4 = 4 * u;
        int bu = b * u;
        h0 = initialH == null ? new float[bu] : initialH;
        c0 = initialC == null ? new float[bu] : initialC;
        INDArray z = project(g4);
        hin = Nd4j.createUninitialized(DataType.FLOAT, b, steps, u);
        INDArray out = returnSequences ? Nd4j.createUninitialized(DataType.FLOAT, b, steps, u) : null;
        gates = new float[steps][b * g4];
        cellAct = new float[steps][bu];
        cells = new float[steps][bu];
        // The kept outputs of the last two steps (each row block reads and writes only its rows).
        float[][] hs = {new float[bu], new float[bu]};
        FloatBuffer zb = HostBlas.floatView(z);
        FloatBuffer hb = HostBlas.floatView(hin);
        FloatBuffer ob = out == null ? null : HostBlas.floatView(out);
        RowWorkers.run(b, (from, to) -> forwardRows(from, to, zb, hb, ob, hs));
        float[] hLast = hs[(steps - 1) & 1];
        float[] cLast = cells[steps - 1];
        return new INDArray[] {out != null ? out : state(hLast), state(hLast), state(cLast)};
    }

    /** The forward walk of rows {@code [from, to)} over every step. */
    private void forwardRows(int from, int to, FloatBuffer zb, FloatBuffer hb, FloatBuffer ob, float[][] hs) {
        int b = batch;
        int u = units;
        int g4 = 4 * u;
        int rows = to - from;
        INDArray hCur = Nd4j.createUninitialized(DataType.FLOAT, rows, u);
        INDArray m = Nd4j.createUninitialized(DataType.FLOAT, rows, g4);
        FloatBuffer mb = HostBlas.floatView(m);
        FloatBuffer cb = HostBlas.floatView(hCur);
        float[] row = new float[g4];
        writeRecurrentInput(hb, cb, h0, time(0), from, to);
        for (int k = 0; k < steps; k++) {
            int t = time(k);
            recurrentProduct(hCur, rows, g4, m);
            float[] g = gates[k];
            float[] ca = cellAct[k];
            float[] c = cells[k];
            float[] h = hs[k & 1];
            float[] hPrev = k == 0 ? h0 : hs[(k - 1) & 1];
            float[] cPrev = k == 0 ? c0 : cells[k - 1];
            for (int r = from; r < to; r++) {
                int zo = r * g4;
                int o = r * u;
                zb.get((r * steps + t) * g4, g, zo, g4);
                mb.get((r - from) * g4, row, 0, g4);
                for (int j = 0; j < g4; j++) {
                    g[zo + j] += row[j];
                }
                if (bias != null) {
                    for (int j = 0; j < g4; j++) {
                        g[zo + j] += bias[j];
                    }
                }
                GateMath.activate(gate, g, zo, 2 * u);
                GateMath.activate(act, g, zo + 2 * u, u);
                GateMath.activate(gate, g, zo + 3 * u, u);
                for (int j = 0; j < u; j++) {
                    c[o + j] = g[zo + u + j] * cPrev[o + j] + g[zo + j] * g[zo + 2 * u + j];
                }
                GateMath.activate(act, c, o, ca, o, u);
                for (int j = 0; j < u; j++) {
                    h[o + j] = g[zo + 3 * u + j] * ca[o + j];
                }
                if (mask != null) {
                    // Keras's masked step, as FusedSequence.keep: prev + m·(new - prev).
                    float mk = mask[k * b + r];
                    for (int j = 0; j < u; j++) {
                        h[o + j] = hPrev[o + j] + (h[o + j] - hPrev[o + j]) * mk;
                        c[o + j] = cPrev[o + j] + (c[o + j] - cPrev[o + j]) * mk;
                    }
                }
                if (ob != null) {
                    ob.put((r * steps + k) * u, h, o, u);
                }
            }
            if (k + 1 < steps) {
                writeRecurrentInput(hb, cb, h, time(k + 1), from, to);
            }
        }
    }

    /**
     * Backpropagation through time. {@code grads}: of the output, the final h and the final c (null
     * where none). Returns the gradients of x (null unless {@code inputGrad}), kernel, recurrent
     * kernel, bias (if any) and the initial states (if given).
     */
    private INDArray[] backward(INDArray[] grads, boolean inputGrad, boolean hasBias, boolean hasInitial) {
        int b = batch;
        int u = units;
        int g4 = 4 * u;
        int bu = b * u;
        float[] gh = new float[bu];
        float[] gc = new float[bu];
        addInto(gh, grads[1]);
        addInto(gc, grads[2]);
        FloatBuffer og = null;
        if (grads[0] != null && returnSequences) {
            og = HostBlas.floatView(dense(grads[0].castTo(DataType.FLOAT)));
        } else {
            addInto(gh, grads[0]);
        }
        INDArray dzN = gradientBuffer("dz", g4);
        FloatBuffer dzb = HostBlas.floatView(dzN);
        float[] dz = new float[b * g4];
        float[] keepH = mask == null ? null : new float[bu];
        // One bias gradient per row block, summed below (blocks run in parallel).
        float[][] dbs = new float[RowWorkers.count(b)][];
        FloatBuffer outputGrads = og;
        RowWorkers.run(b, (from, to) -> {
            float[] db = hasBias ? new float[g4] : null;
            backwardRows(from, to, gh, gc, outputGrads, dz, dzb, keepH, db);
            synchronized (dbs) {
                for (int i = 0; i < dbs.length; i++) {
                    if (dbs[i] == null) {
                        dbs[i] = db;
                        break;
                    }
                }
            }
        });
        float[] db = hasBias ? new float[g4] : null;
        if (db != null) {
            for (float[] part : dbs) {
                for (int j = 0; j < g4; j++) {
                    db[j] += part[j];
                }
            }
        }
        INDArray dRecurrent = weightGradient(hin, u, dzN, g4);
        INDArray dKernel = weightGradient(x, features, dzN, g4);
        INDArray dx = inputGrad ? inputGradient(dzN, g4) : null;
        INDArray[] result = new INDArray[3 + (hasBias ? 1 : 0) + (hasInitial ? 2 : 0)];
        result[0] = dx;
        result[1] = dKernel;
        result[2] = dRecurrent;
        if (hasBias) {
            result[3] = Nd4j.create(db, new long[] {g4}, DataType.FLOAT);
        }
        if (hasInitial) {
            result[result.length - 2] = state(gh);
            result[result.length - 1] = state(gc);
        }
        // Free the forward state: the node is walked once per backward pass.
        gates = null;
        cellAct = null;
        cells = null;
        return result;
    }

    /** The backward walk of rows {@code [from, to)} over every step, from the last. */
    private void backwardRows(int from, int to, float[] gh, float[] gc, FloatBuffer og, float[] dz, FloatBuffer dzb,
                              float[] keepH, float[] db) {
        int b = batch;
        int u = units;
        int g4 = 4 * u;
        int rows = to - from;
        INDArray ghN = Nd4j.createUninitialized(DataType.FLOAT, rows, u);
        INDArray step = Nd4j.createUninitialized(DataType.FLOAT, rows, g4);
        FloatBuffer ghb = HostBlas.floatView(ghN);
        FloatBuffer stepb = HostBlas.floatView(step);
        float[] dh = new float[u];
        float[] dc = new float[u];
        float[] tmp = new float[u];
        for (int k = steps - 1; k >= 0; k--) {
            int t = time(k);
            float[] g = gates[k];
            float[] ca = cellAct[k];
            float[] cp = k > 0 ? cells[k - 1] : c0;
            for (int r = from; r < to; r++) {
                int o = r * u;
                int zo = r * g4;
                if (og != null) {
                    og.get((r * steps + k) * u, tmp, 0, u);
                    for (int j = 0; j < u; j++) {
                        gh[o + j] += tmp[j];
                    }
                }
                if (mask == null) {
                    System.arraycopy(gh, o, dh, 0, u);
                    System.arraycopy(gc, o, dc, 0, u);
                } else {
                    // The masked share of each gradient stays with the previous state.
                    float mk = mask[k * b + r];
                    for (int j = 0; j < u; j++) {
                        dh[j] = gh[o + j] * mk;
                        keepH[o + j] = gh[o + j] - dh[j];
                        dc[j] = gc[o + j] * mk;
                        gc[o + j] -= dc[j];
                    }
                }
                // dc += dh·o·act'(c_t)
                GateMath.timesSlope(act, dh, 0, ca, o, tmp, 0, u);
                for (int j = 0; j < u; j++) {
                    dc[j] += tmp[j] * g[zo + 3 * u + j];
                }
                for (int j = 0; j < u; j++) {
                    dz[zo + j] = dc[j] * g[zo + 2 * u + j];
                    dz[zo + u + j] = dc[j] * cp[o + j];
                    dz[zo + 2 * u + j] = dc[j] * g[zo + j];
                    dz[zo + 3 * u + j] = dh[j] * ca[o + j];
                }
                GateMath.timesSlope(gate, dz, zo, g, zo, dz, zo, 2 * u);
                GateMath.timesSlope(act, dz, zo + 2 * u, g, zo + 2 * u, dz, zo + 2 * u, u);
                GateMath.timesSlope(gate, dz, zo + 3 * u, g, zo + 3 * u, dz, zo + 3 * u, u);
                if (mask == null) {
                    for (int j = 0; j < u; j++) {
                        gc[o + j] = dc[j] * g[zo + u + j];
                    }
                } else {
                    for (int j = 0; j < u; j++) {
                        gc[o + j] += dc[j] * g[zo + u + j];
                    }
                }
                if (db != null) {
                    for (int j = 0; j < g4; j++) {
                        db[j] += dz[zo + j];
                    }
                }
                dzb.put((r * steps + t) * g4, dz, zo, g4);
            }
            stepb.put(0, dz, from * g4, rows * g4);
            recurrentGradient(step, rows, g4, ghN);
            ghb.get(0, gh, from * u, rows * u);
            for (int i = from * u; i < to * u; i++) {
                if (recurrentMask != null) {
                    gh[i] *= recurrentMask[i];
                }
                if (keepH != null) {
                    gh[i] += keepH[i];
                }
            }
        }
    }
}
