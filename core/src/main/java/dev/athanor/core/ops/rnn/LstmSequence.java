package dev.athanor.core.ops.rnn;

import dev.athanor.core.ops.Scratch;

import dev.athanor.core.Internal;

import dev.athanor.core.ops.FusedActivation;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An LSTM sequence as one node (see {@link FusedSequence}), Keras's gate blocks i, f, c, o:
 * <pre>  z = x_t·kernel + bias + h·recurrent_kernel;  i, f, o = σ(z_i, z_f, z_o);  g = act(z_c)
 *  c_t = f·c + i·g;  h_t = o·act(c_t)</pre>
 * Backward, per step from the last: {@code dc += dh·o·act'(c_t)}, then the four pre-activation
 * gradients {@code [dc·g·σ'(i), dc·c·σ'(f), dc·i·act'(g), dh·act(c_t)·σ'(o)]} with every factor but
 * {@code dc} and {@code dh} computed for all steps at once before the walk, and
 * {@code dh_prev = dz·recurrent_kernel^T}, {@code dc_prev = dc·f}.
 */
@Internal
public final class LstmSequence extends FusedSequence {

    private final FusedActivation act;
    private final FusedActivation recurrentAct;
    private final INDArray kernel;
    private INDArray[] init;
    /** Gates after their activations (the c block holds garbage: see {@link #cellInput}). */
    private INDArray gates;
    private INDArray cellInput;
    private INDArray cellNew;
    private INDArray cellAct;
    private INDArray keptH;
    private INDArray keptC;
    private INDArray recurrentIn;

    LstmSequence(long batch, int steps, long units, INDArray mask, boolean goBackwards, INDArray recurrentMask,
                 INDArray kernel, FusedActivation act, FusedActivation recurrentAct) {
        super(batch, steps, units, kernel.dataType(), mask, goBackwards, recurrentMask);
        this.kernel = kernel;
        this.act = act;
        this.recurrentAct = recurrentAct;
    }

    @Override
    int stateCount() {
        return 2;
    }

    @Override
    int weightCount() {
        return 1;
    }

    @Override
    void forward(INDArray z, INDArray[] initial) {
        init = initial;
        long u = units;
        gates = z;
        cellInput = Nd4j.createUninitialized(type, steps, batch, u);
        cellNew = Nd4j.createUninitialized(type, steps, batch, u);
        cellAct = Nd4j.createUninitialized(type, steps, batch, u);
        INDArray newH = Nd4j.createUninitialized(type, steps, batch, u);
        keptH = mask == null ? newH : Nd4j.createUninitialized(type, steps, batch, u);
        keptC = mask == null ? cellNew : Nd4j.createUninitialized(type, steps, batch, u);
        recurrentIn = recurrentMask == null ? null : Nd4j.createUninitialized(type, steps, batch, u);
        INDArray[] zs = stepsOf(z);
        INDArray[] gs = stepsOf(cellInput);
        INDArray[] cs = stepsOf(cellNew);
        INDArray[] ts = stepsOf(cellAct);
        INDArray[] hs = stepsOf(newH);
        INDArray[] kh = mask == null ? hs : stepsOf(keptH);
        INDArray[] kc = mask == null ? cs : stepsOf(keptC);
        INDArray[] ri = recurrentIn == null ? null : stepsOf(recurrentIn);
        INDArray scratch = Nd4j.createUninitialized(type, batch, u);
        INDArray h = initial[0];
        INDArray c = initial[1];
        for (int k = 0; k < steps; k++) {
            INDArray zk = zs[k];
            INDArray hin = ri == null ? h : h.mul(recurrentMask, ri[k]);
            matmul(hin, kernel, zk, false, false, 1.0);
            act.apply(cols(zk, 2 * u, 3 * u), gs[k]);
            recurrentAct.applyInPlace(zk);
            cols(zk, 0, u).mul(gs[k], cs[k]);
            cols(zk, u, 2 * u).mul(c, scratch);
            cs[k].addi(scratch);
            act.apply(cs[k], ts[k]);
            cols(zk, 3 * u, 4 * u).mul(ts[k], hs[k]);
            if (mask != null) {
                keep(hs[k], h, mask[k], kh[k]);
                keep(cs[k], c, mask[k], kc[k]);
            }
            h = kh[k];
            c = kc[k];
        }
    }

    @Override
    INDArray keptOutputs() {
        return keptH;
    }

    @Override
    INDArray[] finalStates() {
        return new INDArray[] {stepsOf(keptH)[steps - 1], stepsOf(keptC)[steps - 1]};
    }

    @Override
    INDArray[] backward(INDArray outputGrads, INDArray[] stateGrads) {
        long u = units;
        // Every temporary of the backward walk is a per-thread buffer reused from call to call (dz too:
        // the caller copies it out before another sequence runs): no fresh [T, b, 4u] arrays per step.
        long[] wide = {steps, batch, 4 * u};
        long[] narrow = {steps, batch, u};
        INDArray gateSlope = recurrentAct.derivative(gates, Scratch.shaped("lstm.slope", type, wide));
        INDArray cellPrev = previous(init[1], keptC, Scratch.shaped("lstm.cellPrev", type, narrow));
        // Per-step factors of dc (blocks i, f, c) and of dh (block o), for all steps at once.
        INDArray factors = Scratch.shaped("lstm.factors", type, wide);
        cellInput.mul(cols(gateSlope, 0, u), cols(factors, 0, u));
        cellPrev.mul(cols(gateSlope, u, 2 * u), cols(factors, u, 2 * u));
        INDArray slope = Scratch.shaped("lstm.actSlope", type, narrow);
        cols(gates, 0, u).mul(act.derivative(cellInput, slope), cols(factors, 2 * u, 3 * u));
        cellAct.mul(cols(gateSlope, 3 * u, 4 * u), cols(factors, 3 * u, 4 * u));
        INDArray throughH = Scratch.shaped("lstm.throughH", type, narrow);
        cols(gates, 3 * u, 4 * u).mul(act.derivative(cellAct, slope), throughH);
        INDArray forget = cols(gates, u, 2 * u);

        INDArray dz = Scratch.shaped("lstm.dz", type, wide);
        INDArray[] dzs = stepsOf(dz);
        INDArray[] fs = stepsOf(factors);
        INDArray[] th = stepsOf(throughH);
        INDArray[] fg = stepsOf(forget);
        INDArray[] og = outputGrads == null ? null : stepsOf(outputGrads);
        // The step's output and cell gradients live in fixed buffers, so that no view or array is
        // made per step (in ND4J each costs about as much as an op): [dc, dc, dc, dh] lines up with
        // the factors' blocks, making the four pre-activation gradients one multiplication.
        INDArray gh = stateGrads[0] == null ? Nd4j.zeros(type, batch, u) : stateGrads[0].dup('c');
        INDArray gc = stateGrads[1] == null ? Nd4j.zeros(type, batch, u) : stateGrads[1].dup('c');
        INDArray spread = Nd4j.createUninitialized(type, batch, 4 * u);
        INDArray dc = cols(spread, 0, u);
        INDArray dcF = cols(spread, u, 2 * u);
        INDArray dcG = cols(spread, 2 * u, 3 * u);
        INDArray dh = cols(spread, 3 * u, 4 * u);
        INDArray scratch = Nd4j.createUninitialized(type, batch, u);
        INDArray recurrentPart = mask == null ? null : Nd4j.createUninitialized(type, batch, u);
        for (int k = steps - 1; k >= 0; k--) {
            if (og != null) {
                gh.addi(og[k]);
            }
            if (mask == null) {
                dh.assign(gh);
                gh.mul(th[k], dc);
                dc.addi(gc);
            } else {
                // The masked share of each gradient stays with the previous state (gh, gc keep it).
                Nd4j.exec(new MulOp(new INDArray[] {gh, mask[k]}, new INDArray[] {dh}));
                gh.subi(dh);
                Nd4j.exec(new MulOp(new INDArray[] {gc, mask[k]}, new INDArray[] {dc}));
                gc.subi(dc);
                dh.mul(th[k], scratch);
                dc.addi(scratch);
            }
            dcF.assign(dc);
            dcG.assign(dc);
            INDArray dzk = dzs[k];
            fs[k].mul(spread, dzk);
            if (mask == null) {
                dc.mul(fg[k], gc);
                matmul(dzk, kernel, gh, false, true, 0.0);
                if (recurrentMask != null) {
                    gh.muli(recurrentMask);
                }
            } else {
                dc.mul(fg[k], scratch);
                gc.addi(scratch);
                matmul(dzk, kernel, recurrentPart, false, true, 0.0);
                if (recurrentMask != null) {
                    recurrentPart.muli(recurrentMask);
                }
                gh.addi(recurrentPart);
            }
        }
        INDArray inputs = recurrentIn != null ? recurrentIn
                : previous(init[0], keptH, Scratch.shaped("lstm.hPrev", type, narrow));
        INDArray dKernel = matmul(inputs.reshape(steps * batch, u), dz.reshape(steps * batch, 4 * u), true,
                false);
        return new INDArray[] {dz, dKernel, gh, gc};
    }
}
