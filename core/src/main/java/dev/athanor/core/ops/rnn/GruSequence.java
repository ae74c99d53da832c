package dev.athanor.core.ops.rnn;

import dev.athanor.core.Internal;

import dev.athanor.core.ops.FusedActivation;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A GRU sequence with {@code reset_after=True} as one node (see {@link FusedSequence}), Keras's
 * blocks z, r, h:
 * <pre>  x = x_t·kernel + bias[0];  m = h·recurrent_kernel + bias[1]
 *  z = σ(x_z + m_z);  r = σ(x_r + m_r);  h~ = act(x_h + r·m_h);  h_t = h~ + z·(h - h~)</pre>
 * Backward per step, with {@code dh~ = dh·(1-z)·act'(h~)}: the projected input's gradient is
 * {@code [dh·(h - h~)·σ'(z), dh~·m_h·σ'(r), dh~]}, the recurrent product's the same with
 * {@code dh~·r} in the last block, and {@code dh_prev = dm·recurrent_kernel^T + dh·z}.
 */
@Internal
public final class GruSequence extends FusedSequence {

    private final FusedActivation act;
    private final FusedActivation recurrentAct;
    private final INDArray kernel;
    private final INDArray recurrentBias;
    private INDArray init;
    /** The projected input, its z and r blocks overwritten by the gates. */
    private INDArray gates;
    private INDArray recurrent;
    private INDArray candidate;
    private INDArray keptH;
    private INDArray recurrentIn;

    GruSequence(long batch, int steps, long units, INDArray mask, boolean goBackwards, INDArray recurrentMask,
                INDArray kernel, INDArray recurrentBias, FusedActivation act, FusedActivation recurrentAct) {
        super(batch, steps, units, kernel.dataType(), mask, goBackwards, recurrentMask);
        this.kernel = kernel;
        this.recurrentBias = recurrentBias;
        this.act = act;
        this.recurrentAct = recurrentAct;
    }

    @Override
    int stateCount() {
        return 1;
    }

    @Override
    int weightCount() {
        return recurrentBias == null ? 1 : 2;
    }

    @Override
    void forward(INDArray z, INDArray[] initial) {
        long u = units;
        init = initial[0];
        gates = z;
        recurrent = Nd4j.zeros(type, steps, batch, 3 * u);
        if (recurrentBias != null) {
            recurrent.reshape(steps * batch, 3 * u).addiRowVector(recurrentBias.reshape(1, 3 * u));
        }
        candidate = Nd4j.createUninitialized(type, steps, batch, u);
        INDArray newH = Nd4j.createUninitialized(type, steps, batch, u);
        keptH = mask == null ? newH : Nd4j.createUninitialized(type, steps, batch, u);
        recurrentIn = recurrentMask == null ? null : Nd4j.createUninitialized(type, steps, batch, u);
        INDArray[] zs = stepsOf(z);
        INDArray[] ms = stepsOf(recurrent);
        INDArray[] cs = stepsOf(candidate);
        INDArray[] hs = stepsOf(newH);
        INDArray[] kh = mask == null ? hs : stepsOf(keptH);
        INDArray[] ri = recurrentIn == null ? null : stepsOf(recurrentIn);
        INDArray h = init;
        for (int k = 0; k < steps; k++) {
            INDArray hin = ri == null ? h : h.mul(recurrentMask, ri[k]);
            matmul(hin, kernel, ms[k], false, false, 1.0);
            INDArray zr = cols(zs[k], 0, 2 * u);
            zr.addi(cols(ms[k], 0, 2 * u));
            recurrentAct.applyInPlace(zr);
            cols(zs[k], u, 2 * u).mul(cols(ms[k], 2 * u, 3 * u), cs[k]);
            cs[k].addi(cols(zs[k], 2 * u, 3 * u));
            act.applyInPlace(cs[k]);
            h.sub(cs[k], hs[k]);
            hs[k].muli(cols(zs[k], 0, u));
            hs[k].addi(cs[k]);
            if (mask != null) {
                keep(hs[k], h, mask[k], kh[k]);
            }
            h = kh[k];
        }
    }

    @Override
    INDArray keptOutputs() {
        return keptH;
    }

    @Override
    INDArray[] finalStates() {
        return new INDArray[] {stepsOf(keptH)[steps - 1]};
    }

    @Override
    INDArray[] backward(INDArray outputGrads, INDArray[] stateGrads) {
        long u = units;
        INDArray prev = previous(init, keptH);
        INDArray update = cols(gates, 0, u);
        INDArray reset = cols(gates, u, 2 * u);
        INDArray gateSlope = recurrentAct.derivative(cols(gates, 0, 2 * u));
        // Factors of dh for the z block and for dh~ (pre-activation), of dh~ for the r block.
        INDArray toUpdate = prev.sub(candidate).muli(cols(gateSlope, 0, u));
        INDArray toCandidate = update.rsub(1.0).muli(act.derivative(candidate));
        INDArray toReset = cols(recurrent, 2 * u, 3 * u).mul(cols(gateSlope, u, 2 * u));
        INDArray dx = Nd4j.createUninitialized(type, steps, batch, 3 * u);
        INDArray dm = Nd4j.createUninitialized(type, steps, batch, 3 * u);
        INDArray[] dxs = stepsOf(dx);
        INDArray[] dms = stepsOf(dm);
        INDArray[] tu = stepsOf(toUpdate);
        INDArray[] tc = stepsOf(toCandidate);
        INDArray[] tr = stepsOf(toReset);
        INDArray[] zs = stepsOf(update);
        INDArray[] rs = stepsOf(reset);
        INDArray[] og = outputGrads == null ? null : stepsOf(outputGrads);
        INDArray gh = stateGrads[0] == null ? Nd4j.zeros(type, batch, u) : stateGrads[0].dup();
        for (int k = steps - 1; k >= 0; k--) {
            if (og != null) {
                gh.addi(og[k]);
            }
            INDArray dh = gh;
            INDArray kept = null;
            if (mask != null) {
                INDArray[] split = splitByMask(gh, k);
                dh = split[0];
                kept = split[1];
            }
            INDArray dxk = dxs[k];
            INDArray dmk = dms[k];
            dh.mul(tu[k], cols(dxk, 0, u));
            INDArray dCandidate = cols(dxk, 2 * u, 3 * u);
            dh.mul(tc[k], dCandidate);
            dCandidate.mul(tr[k], cols(dxk, u, 2 * u));
            cols(dmk, 0, 2 * u).assign(cols(dxk, 0, 2 * u));
            dCandidate.mul(rs[k], cols(dmk, 2 * u, 3 * u));
            INDArray next = recurrentGrad(dmk, kernel).addi(dh.muli(zs[k]));
            gh = kept == null ? next : next.addi(kept);
        }
        INDArray inputs = recurrentIn != null ? recurrentIn : prev;
        INDArray flatDm = dm.reshape(steps * batch, 3 * u);
        INDArray dKernel = matmul(inputs.reshape(steps * batch, u), flatDm, true, false);
        if (recurrentBias == null) {
            return new INDArray[] {dx, dKernel, gh};
        }
        INDArray dBias = flatDm.sum(0).reshape(recurrentBias.shape());
        return new INDArray[] {dx, dKernel, dBias, gh};
    }
}
