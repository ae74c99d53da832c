package dev.athanor.core.ops.rnn;

import dev.athanor.core.ops.HostBlas;

import dev.athanor.core.Internal;

import dev.athanor.core.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Reverse;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A whole recurrent sequence as one autodiff node: the forward walk writes every step into
 * preallocated time-major buffers with one recurrent gemm and a few in-place native ops per step, and
 * the backward pass is one hand-written backpropagation through time over those buffers (a gemm and
 * a few in-place ops per step, and one gemm for the recurrent kernel's gradient), instead of dozens
 * of recorded ops per step. Subclasses hold the cell's math ({@link LstmSequence},
 * {@link GruSequence}, {@link SimpleRnnSequence}); this class holds the walk's bookkeeping: time-major
 * layout in walking order ({@code go_backwards} reverses the projected input once), Keras's masked
 * step ({@code state = prev + m·(new - prev)}), the recurrent dropout mask, and the outputs.
 *
 * <p>Buffers are indexed by the walking step {@code k}: {@code [T, batch, n]}, C order, so each step's
 * slice is contiguous.
 */
@Internal
public abstract class FusedSequence {

    final long batch;
    final int steps;
    final long units;
    final DataType type;
    /** Per walking step, the mask column {@code [batch, 1]} (1 = valid), or null without a mask. */
    final INDArray[] mask;
    /** Per walking step, {@code 1 - mask}. */
    final INDArray[] unmask;
    /** The recurrent dropout mask {@code [batch, units]}, or null. */
    final INDArray recurrentMask;

    FusedSequence(long batch, int steps, long units, DataType type, INDArray mask, boolean goBackwards,
                  INDArray recurrentMask) {
        this.batch = batch;
        this.steps = steps;
        this.units = units;
        this.type = type;
        this.recurrentMask = recurrentMask;
        if (mask == null) {
            this.mask = null;
            this.unmask = null;
        } else {
            // [b, T] -> [T, b, 1] in walking order: one contiguous column per step.
            INDArray m = mask.castTo(type).transpose().dup('c');
            if (goBackwards) {
                m = flip(m, 0);
            }
            INDArray notM = m.rsub(1.0);
            this.mask = new INDArray[steps];
            this.unmask = new INDArray[steps];
            for (int k = 0; k < steps; k++) {
                this.mask[k] = m.slice(k).reshape(batch, 1);
                this.unmask[k] = notM.slice(k).reshape(batch, 1);
            }
        }
    }

    /** The number of state tensors. */
    abstract int stateCount();

    /**
     * Walks the sequence. {@code z} is the projected input {@code [T, b, G·u]} in walking order (owned:
     * may be overwritten); {@code initial} the initial states. Fills {@link #keptOutputs()}.
     */
    abstract void forward(INDArray z, INDArray[] initial);

    /** The output after every walking step (masked steps keep the previous one): {@code [T, b, u]}. */
    abstract INDArray keptOutputs();

    /** The final states (the output first). */
    abstract INDArray[] finalStates();

    /**
     * Backpropagation through time. {@code outputGrads} is the gradient of every step's output
     * {@code [T, b, u]} in walking order (null if none), {@code stateGrads} those of the final states
     * (entries may be null). Returns the gradient of the projected input {@code [T, b, G·u]} in walking
     * order, then one per weight (as {@link #weightCount()}), then one per initial state.
     */
    abstract INDArray[] backward(INDArray outputGrads, INDArray[] stateGrads);

    /** The number of weight parents after the projected input (recurrent kernel, ...). */
    abstract int weightCount();

    // ------------------------------------------------------------------ the node

    /**
     * Runs the sequence and records it as one node. {@code projected} is {@code [b, T, G·u]};
     * {@code weights} the weight tensors the subclass reads; {@code initial} the initial state tensors
     * (null: zeros). Returns the output ({@code [b, T, u]} with {@code returnSequences}, else
     * {@code [b, u]}), then the final states.
     */
    List<Tensor> run(Tensor projected, List<Tensor> weights, List<Tensor> initial, boolean goBackwards,
                     boolean returnSequences) {
        INDArray z = projected.value().permute(1, 0, 2).dup('c');
        if (goBackwards) {
            z = flip(z, 0);
        }
        INDArray[] init = new INDArray[stateCount()];
        for (int i = 0; i < init.length; i++) {
            init[i] = initial == null ? Nd4j.zeros(type, batch, units) : initial.get(i).value();
        }
        forward(z, init);
        INDArray kept = keptOutputs();
        INDArray[] finals = finalStates();
        List<INDArray> values = new ArrayList<>();
        values.add(returnSequences ? kept.permute(1, 0, 2).dup('c') : finals[0].dup());
        for (INDArray s : finals) {
            values.add(s.dup());
        }
        List<Tensor> parents = new ArrayList<>();
        parents.add(projected);
        parents.addAll(weights);
        if (initial != null) {
            parents.addAll(initial);
        }
        return record(getClass().getSimpleName(), kept, values, parents.toArray(new Tensor[0]), grads -> {
            INDArray out = grads[0];
            INDArray outputGrads = out != null && returnSequences ? out.permute(1, 0, 2).dup('c') : null;
            INDArray[] stateGrads = new INDArray[stateCount()];
            for (int i = 0; i < stateGrads.length; i++) {
                stateGrads[i] = grads[1 + i];
            }
            if (out != null && !returnSequences) {
                stateGrads[0] = stateGrads[0] == null ? out : stateGrads[0].add(out);
            }
            INDArray[] back = backward(outputGrads, stateGrads);
            INDArray dz = goBackwards ? flip(back[0], 0) : back[0];
            INDArray[] result = new INDArray[parents.size()];
            result[0] = dz.permute(1, 0, 2).dup('c');
            for (int i = 1; i <= weightCount(); i++) {
                result[i] = back[i];
            }
            if (initial != null) {
                for (int i = 0; i < stateCount(); i++) {
                    result[1 + weightCount() + i] = back[1 + weightCount() + i];
                }
            }
            return result;
        });
    }

    /**
     * Records a node with several outputs ({@code values}: the sequence output, then the final
     * states) as one hub over {@code parents}, with the hub's value {@code hubValue}. {@code backward}
     * receives the gradient of every output (null where none arrived) once per backward pass, and
     * returns one gradient per parent (null where none).
     */
    static List<Tensor> record(String op, INDArray hubValue, List<INDArray> values, Tensor[] parents,
                               Function<INDArray[], INDArray[]> backward) {
        INDArray[] grads = new INDArray[values.size()];
        boolean[] seen = new boolean[1];
        Tensor hub = Tensor.result(hubValue, op, g -> {
            INDArray[] taken = grads.clone();
            java.util.Arrays.fill(grads, null);
            seen[0] = false;
            return backward.apply(taken);
        }, parents);
        List<Tensor> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            int index = i;
            INDArray v = values.get(i);
            out.add(Tensor.result(v, "sequence_output", g -> {
                synchronized (grads) {
                    grads[index] = grads[index] == null ? g : grads[index].add(g);
                    // Only the first output to get a gradient announces it to the hub (the engine
                    // needs a non-null gradient to visit it); the hub reads all of them.
                    boolean first = !seen[0];
                    seen[0] = true;
                    return new INDArray[] {first ? Nd4j.scalar(g.dataType(), 0.0) : null};
                }
            }, hub));
        }
        return out;
    }

    // ------------------------------------------------------------------ helpers

    /** Step {@code k}'s slice of a {@code [T, b, n]} buffer: a contiguous {@code [b, n]} view. */
    static INDArray[] stepsOf(INDArray buffer) {
        // Built from the buffer's strides: INDArray.slice fails on views made by cols().
        INDArray[] out = new INDArray[(int) buffer.size(0)];
        long[] shape = {buffer.size(1), buffer.size(2)};
        long[] stride = {buffer.stride(1), buffer.stride(2)};
        for (int k = 0; k < out.length; k++) {
            out[k] = Nd4j.create(buffer.data(), shape.clone(), stride.clone(), buffer.offset() + k * buffer.stride(0),
                    'c');
        }
        return out;
    }

    /** Columns {@code [from, to)} of the last axis, as a view. */
    static INDArray cols(INDArray m, long from, long to) {
        int last = m.rank() - 1;
        long[] shape = m.shape().clone();
        shape[last] = to - from;
        return Nd4j.create(m.data(), shape, m.stride().clone(), m.offset() + from * m.stride(last), m.ordering());
    }

    /** {@code out = prev + m·(next - prev)}: Keras's masked step. */
    static void keep(INDArray next, INDArray prev, INDArray m, INDArray out) {
        next.sub(prev, out);
        out.muliColumnVector(m);
        out.addi(prev);
    }

    /** {@code [init, buffer[0], ..., buffer[T-2]]}: the state before every walking step. */
    INDArray previous(INDArray init, INDArray buffer) {
        return previous(init, buffer, Nd4j.createUninitialized(type, steps, batch, units));
    }

    /** {@link #previous(INDArray, INDArray)} written into {@code out} ({@code [T, b, u]}, C order). */
    INDArray previous(INDArray init, INDArray buffer, INDArray out) {
        stepsOf(out)[0].assign(init);
        if (steps > 1) {
            long n = batch * units;
            INDArray flatOut = out.reshape(steps * n);
            INDArray flatIn = buffer.reshape(steps * n);
            Nd4j.create(flatOut.data(), new long[] {(steps - 1) * n}, new long[] {1}, n, 'c')
                    .assign(Nd4j.create(flatIn.data(), new long[] {(steps - 1) * n}, new long[] {1}, 0, 'c'));
        }
        return out;
    }

    /** The gradient reaching a state through the mask: {@code m·g} to the new value, {@code (1-m)·g} kept. */
    INDArray[] splitByMask(INDArray g, int k) {
        INDArray toNew = g.mulColumnVector(mask[k]);
        return new INDArray[] {toNew, g.sub(toNew)};
    }

    /** {@code g · recurrent_kernel^T}, times the recurrent dropout mask: the gradient of the previous output. */
    INDArray recurrentGrad(INDArray dz, INDArray kernel) {
        INDArray g = matmul(dz, kernel, false, true);
        return recurrentMask == null ? g : g.muli(recurrentMask);
    }

    /**
     * {@code c = a·b + beta·c} (each optionally transposed) with libnd4j's matmul op: at these small
     * shapes about six times cheaper than {@code Nd4j.gemm} into a C-order result, which goes through
     * an F-order copy.
     */
    static INDArray matmul(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB, double beta) {
        if (rowMajor(a) && rowMajor(b) && rowMajor(c) && HostBlas.supports(c.dataType())
                && a.dataType() == c.dataType() && b.dataType() == c.dataType()) {
            // OpenBLAS directly on the views' memory: no op dispatch, no shape-info buffers per step
            int m = (int) c.size(0);
            int n = (int) c.size(1);
            int k = (int) (transposeA ? a.size(0) : a.size(1));
            HostBlas.gemm(transposeA, transposeB, m, n, k, 1.0, a, 0, (int) a.stride(0), b, 0, (int) b.stride(0), beta,
                    c, 0, (int) c.stride(0));
            return c;
        }
        Nd4j.exec(new Mmul(a, b, c, 1.0, beta,
                MMulTranspose.builder().transposeA(transposeA).transposeB(transposeB).build()));
        return c;
    }

    /** A rank-2 array whose rows are contiguous (unit column stride), addressable as a row-major matrix. */
    private static boolean rowMajor(INDArray a) {
        return a.rank() == 2 && a.stride(1) == 1 && a.stride(0) >= Math.max(1, a.size(1)) && a.size(0) < Integer.MAX_VALUE
                && a.size(1) < Integer.MAX_VALUE;
    }

    /** {@code a·b} (each optionally transposed) into a new C-order array. */
    static INDArray matmul(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
        long rows = transposeA ? a.size(1) : a.size(0);
        long cols = transposeB ? b.size(0) : b.size(1);
        return matmul(a, b, Nd4j.createUninitialized(a.dataType(), rows, cols), transposeA, transposeB, 0.0);
    }

    static INDArray flip(INDArray x, int axis) {
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape(), 'c');
        Nd4j.exec(new Reverse(x, out, axis));
        return out;
    }
}
