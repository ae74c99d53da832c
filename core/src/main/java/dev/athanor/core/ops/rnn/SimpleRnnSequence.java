package dev.athanor.core.ops.rnn;

import dev.athanor.core.Internal;

import dev.athanor.core.ops.FusedActivation;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A SimpleRNN sequence as one node (see {@link FusedSequence}):
 * {@code h_t = act(x_t·kernel + bias + h·recurrent_kernel)}; backward per step
 * {@code dz = dh·act'(h_t)}, {@code dh_prev = dz·recurrent_kernel^T}.
 */
@Internal
public final class SimpleRnnSequence extends FusedSequence {

    private final FusedActivation act;
    private final INDArray kernel;
    private INDArray init;
    private INDArray newH;
    private INDArray keptH;
    private INDArray recurrentIn;

    SimpleRnnSequence(long batch, int steps, long units, INDArray mask, boolean goBackwards, INDArray recurrentMask,
                      INDArray kernel, FusedActivation act) {
        super(batch, steps, units, kernel.dataType(), mask, goBackwards, recurrentMask);
        this.kernel = kernel;
        this.act = act;
    }

    @Override
    int stateCount() {
        return 1;
    }

    @Override
    int weightCount() {
        return 1;
    }

    @Override
    void forward(INDArray z, INDArray[] initial) {
        init = initial[0];
        newH = z;
        keptH = mask == null ? z : Nd4j.createUninitialized(type, steps, batch, units);
        recurrentIn = recurrentMask == null ? null : Nd4j.createUninitialized(type, steps, batch, units);
        INDArray[] zs = stepsOf(z);
        INDArray[] kh = mask == null ? zs : stepsOf(keptH);
        INDArray[] ri = recurrentIn == null ? null : stepsOf(recurrentIn);
        INDArray h = init;
        for (int k = 0; k < steps; k++) {
            INDArray hin = ri == null ? h : h.mul(recurrentMask, ri[k]);
            matmul(hin, kernel, zs[k], false, false, 1.0);
            act.applyInPlace(zs[k]);
            if (mask != null) {
                keep(zs[k], h, mask[k], kh[k]);
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
        INDArray slope = act.derivative(newH);
        INDArray dz = Nd4j.createUninitialized(type, steps, batch, units);
        INDArray[] dzs = stepsOf(dz);
        INDArray[] sl = stepsOf(slope);
        INDArray[] og = outputGrads == null ? null : stepsOf(outputGrads);
        INDArray gh = stateGrads[0] == null ? Nd4j.zeros(type, batch, units) : stateGrads[0].dup('c');
        for (int k = steps - 1; k >= 0; k--) {
            if (og != null) {
                gh.addi(og[k]);
            }
            if (mask == null) {
                // In place: no array is made per step.
                gh.mul(sl[k], dzs[k]);
                matmul(dzs[k], kernel, gh, false, true, 0.0);
                if (recurrentMask != null) {
                    gh.muli(recurrentMask);
                }
                continue;
            }
            INDArray[] split = splitByMask(gh, k);
            split[0].mul(sl[k], dzs[k]);
            gh = recurrentGrad(dzs[k], kernel).addi(split[1]);
        }
        INDArray inputs = recurrentIn != null ? recurrentIn : previous(init, keptH);
        INDArray dKernel = matmul(inputs.reshape(steps * batch, units), dz.reshape(steps * batch, units), true,
                false);
        return new INDArray[] {dz, dKernel, gh};
    }
}
