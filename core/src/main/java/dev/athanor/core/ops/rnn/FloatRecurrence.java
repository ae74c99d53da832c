package dev.athanor.core.ops.rnn;

import dev.athanor.core.Tensor;
import dev.athanor.core.ops.HostBlas;
import dev.athanor.core.ops.Scratch;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the whole-layer float32 kernels ({@link FloatLstm}, {@link FloatGru}, {@link FloatSimpleRnn})
 * share: the layout and the products around the per-step Java passes.
 *
 * <ul>
 *   <li>The input {@code x [b, T, f]} is used as it comes (batch-major): the input projection of
 *       every step is one gemm {@code [b·T, f]·[f, G·u]}, and a step's rows of any {@code [b, T, n]}
 *       buffer are addressed with leading dimension {@code T·n} (no permutation, no flip for
 *       {@code go_backwards}: walking step {@code k} is time {@link #time}).</li>
 *   <li>Each step's recurrent input (the previous output times the recurrent dropout mask) is written
 *       into {@code hin [b, T, u]} at the step's time, where the step's gemm reads it and where the
 *       recurrent kernel's gradient needs it: backward's weight gradients are ONE gemm each over all
 *       {@code T·b} rows ({@code hinᵀ·dz}, {@code xᵀ·dz}) instead of one per step.</li>
 *   <li>Masks and the recurrent dropout mask are Java arrays read by the passes (no mask copies).</li>
 * </ul>
 * Gate values live in Java arrays between forward and backward; only the gemms' operands are
 * off-heap. All sizes must fit Java's int indexing ({@link #fits}).
 */
abstract class FloatRecurrence {

    final int batch;
    final int steps;
    final int features;
    final int units;
    final boolean goBackwards;
    final boolean returnSequences;
    /** {@code mask[k·batch + b]} for walking step k, or null. */
    final float[] mask;
    /** The recurrent dropout factors {@code [b·u]}, or null. */
    final float[] recurrentMask;
    final INDArray x;
    final INDArray kernel;
    final INDArray recurrentKernel;
    /** Every step's recurrent input {@code [b, T, u]}, at the step's time. */
    INDArray hin;

    FloatRecurrence(INDArray x, INDArray kernel, INDArray recurrentKernel, INDArray mask, INDArray recurrentMask,
                    boolean goBackwards, boolean returnSequences) {
        this.x = dense(x);
        this.kernel = dense(kernel);
        this.recurrentKernel = dense(recurrentKernel);
        this.batch = Math.toIntExact(x.size(0));
        this.steps = Math.toIntExact(x.size(1));
        this.features = Math.toIntExact(x.size(2));
        this.units = Math.toIntExact(recurrentKernel.size(0));
        this.goBackwards = goBackwards;
        this.returnSequences = returnSequences;
        this.recurrentMask = recurrentMask == null ? null : floats(recurrentMask);
        if (mask == null) {
            this.mask = null;
        } else {
            float[] byRow = floats(mask);
            this.mask = new float[batch * steps];
            for (int k = 0; k < steps; k++) {
                int t = time(k);
                for (int r = 0; r < batch; r++) {
                    this.mask[k * batch + r] = byRow[r * steps + t];
                }
            }
        }
    }

    /** Whether every array is float32 and {@code [b, T, gates·u]} fits Java's int indexing. */
    static boolean fits(Tensor x, Tensor recurrentKernel, int gates, Tensor... others) {
        boolean ok = x.value().dataType() == DataType.FLOAT && recurrentKernel.value().dataType() == DataType.FLOAT;
        for (Tensor t : others) {
            ok &= t == null || t.value().dataType() == DataType.FLOAT;
        }
        long[] s = x.value().shape();
        long u = recurrentKernel.value().size(0);
        return ok && s.length == 3 && x.value().length() > 0 && s[0] * s[1] * gates * u < Integer.MAX_VALUE
                && s[0] * s[1] * s[2] < Integer.MAX_VALUE;
    }

    /** The walking step's time index. */
    final int time(int k) {
        return goBackwards ? steps - 1 - k : k;
    }

    /**
     * {@code x·kernel} for every step, {@code [b, T, cols]} (no bias: the passes add it), in a per-thread
     * buffer valid until the next kernel call on this thread ({@link Scratch}: a fresh array of this
     * size cost as much as the projection itself).
     */
    final INDArray project(int cols) {
        INDArray z = Scratch.shaped("rnn.projection", DataType.FLOAT, new long[] {batch, steps, cols});
        HostBlas.gemm(false, false, batch * steps, cols, features, 1.0, x, 0, features, kernel, 0, cols, 0.0, z, 0,
                cols);
        return z;
    }

    /**
     * {@code hin[:, t, :] = h} and {@code current = h} (both times the recurrent dropout mask) for rows
     * {@code [from, to)}: {@code current [to - from, u]} is the step's gemm operand, {@code hin} keeps
     * it for the kernel gradient.
     */
    final void writeRecurrentInput(FloatBuffer hb, FloatBuffer current, float[] h, int t, int from, int to) {
        int u = units;
        float[] in = h;
        if (recurrentMask != null) {
            in = new float[h.length];
            for (int i = from * u; i < to * u; i++) {
                in[i] = h[i] * recurrentMask[i];
            }
        }
        current.put(0, in, from * u, (to - from) * u);
        for (int r = from; r < to; r++) {
            hb.put((r * steps + t) * u, in, r * u, u);
        }
    }

    /** {@link #writeRecurrentInput(FloatBuffer, FloatBuffer, float[], int, int, int)} for all rows. */
    final void writeRecurrentInput(FloatBuffer hb, FloatBuffer current, float[] h, int t) {
        writeRecurrentInput(hb, current, h, t, 0, batch);
    }

    /**
     * The step's recurrent product {@code h·recurrent_kernel} into {@code out [rows, cols]}, from the
     * contiguous {@code h [rows, u]}: contiguous operands, because with the step's rows of {@code hin}
     * and of the projection as operands (leading dimensions {@code T·u}, {@code T·cols}) OpenBLAS ran
     * this product about 2.5 times slower (W6 profile).
     */
    final void recurrentProduct(INDArray h, int rows, int cols, INDArray out) {
        HostBlas.gemm(false, false, rows, cols, units, 1.0, h, 0, units, recurrentKernel, 0, cols, 0.0, out, 0, cols);
    }

    /** {@link #recurrentProduct(INDArray, int, int, INDArray)} for all rows. */
    final void recurrentProduct(INDArray h, int cols, INDArray out) {
        recurrentProduct(h, batch, cols, out);
    }

    /** A per-thread {@code [b, T, cols]} buffer for backward's pre-activation gradients, valid within one call. */
    final INDArray gradientBuffer(String role, int cols) {
        return Scratch.shaped("rnn." + role, DataType.FLOAT, new long[] {batch, steps, cols});
    }

    /** The step's recurrent gradient {@code dz·recurrent_kernelᵀ}, {@code dz [rows, cols]} contiguous, into {@code out [rows, u]}. */
    final void recurrentGradient(INDArray dz, int rows, int cols, INDArray out) {
        HostBlas.gemm(false, true, rows, units, cols, 1.0, dz, 0, cols, recurrentKernel, 0, cols, 0.0, out, 0,
                units);
    }

    /** {@link #recurrentGradient(INDArray, int, int, INDArray)} for all rows. */
    final void recurrentGradient(INDArray dz, int cols, INDArray out) {
        recurrentGradient(dz, batch, cols, out);
    }

    /** {@code aᵀ·dz} over all {@code b·T} rows: {@code a [b, T, n]}, {@code dz [b, T, cols]} to {@code [n, cols]}. */
    final INDArray weightGradient(INDArray a, int n, INDArray dz, int cols) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, n, cols);
        HostBlas.gemm(true, false, n, cols, batch * steps, 1.0, a, 0, n, dz, 0, cols, 0.0, out, 0, cols);
        return out;
    }

    /** {@code dz·kernelᵀ}: the input's gradient {@code [b, T, f]}. */
    final INDArray inputGradient(INDArray dz, int cols) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, batch, steps, features);
        HostBlas.gemm(false, true, batch * steps, features, cols, 1.0, dz, 0, cols, kernel, 0, cols, 0.0, out, 0,
                features);
        return out;
    }

    /** Adds the gradient of a state output ({@code [b, u]}, may be null) into {@code g}. */
    static void addInto(float[] g, INDArray grad) {
        if (grad != null) {
            float[] v = floats(grad);
            for (int i = 0; i < g.length; i++) {
                g[i] += v[i];
            }
        }
    }

    /** A {@code [b, u]} float32 array holding {@code v}. */
    final INDArray state(float[] v) {
        return Nd4j.create(v, new long[] {batch, units}, DataType.FLOAT);
    }

    /** {@code a} as a C-order array with its own buffer (a copy when it is a view or another order). */
    static INDArray dense(INDArray a) {
        boolean plain = a.ordering() == 'c' && !a.isView() && a.offset() == 0
                && Arrays.equals(a.stride(), Nd4j.getStrides(a.shape(), 'c'));
        return plain ? a : a.dup('c');
    }

    /** The elements of {@code a} in C order, as floats. */
    static float[] floats(INDArray a) {
        INDArray f = dense(a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT));
        float[] out = new float[Math.toIntExact(f.length())];
        HostBlas.floatView(f).get(0, out, 0, out.length);
        return out;
    }

    /** The parents' list: x, the weights (nulls skipped), then the initial states (if any). */
    static Tensor[] parents(Tensor x, List<Tensor> initial, Tensor... weights) {
        java.util.ArrayList<Tensor> p = new java.util.ArrayList<>();
        p.add(x);
        for (Tensor w : weights) {
            if (w != null) {
                p.add(w);
            }
        }
        if (initial != null) {
            p.addAll(initial);
        }
        return p.toArray(new Tensor[0]);
    }
}
