package dev.athanor.optimizers;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam's update in one pass over the elements, in Java, as TensorFlow's fused {@code ApplyAdam}
 * kernel computes it ({@code training_ops.cc}):
 *
 * <pre>
 *   m   += (g - m) * (1 - beta_1)
 *   v   += (g * g - v) * (1 - beta_2)
 *   amsgrad: vhat = max(vhat, v), and vhat replaces v below
 *   var -= m * alpha / (sqrt(v) + epsilon)
 * </pre>
 *
 * <p>Why Java: libnd4j's {@code adam_updater} measured 6.8 ms on a 784x512 float kernel where this
 * loop takes about 0.5 ms, and ND4J's per-op cost (tens of microseconds through JNI) made the
 * several-op form slow too. The pass works in place on the arrays' own off-heap memory, a chunk
 * of {@value #CHUNK} elements at a time: each chunk of the variable, gradient and slots is read
 * into small Java arrays that stay in the L1 cache, updated in a loop the JIT vectorizes, and
 * written back, so every element crosses the memory bus once each way. (Issue 22: this replaced
 * copying whole variables into scratch arrays and back, which streamed every array through memory
 * twice more; a loop over the direct buffers element by element is scalar, see bench/README.md.)
 * Works on dense, unit-stride, non-view float32/float64 arrays of one type ({@link Ops#fusable});
 * the caller falls back to ND4J ops otherwise.
 */
final class FusedAdam {

    /** Elements per chunk: 5 float chunks of 4 KB stay in a 32 KB L1 cache with room to spare. */
    static final int CHUNK = 1024;

    /** Per-thread chunk arrays. */
    private static final ThreadLocal<Chunks> CHUNKS = ThreadLocal.withInitial(Chunks::new);

    private static final class Chunks {
        final float[][] f = new float[5][CHUNK];
        final double[][] d = new double[5][CHUNK];
    }

    private FusedAdam() {
    }

    /** Whether {@link #apply} can take these arrays (all dense, same type, float or double). */
    static boolean supports(INDArray var, INDArray g, INDArray m, INDArray v, INDArray vhat) {
        DataType t = var.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && var.length() <= Integer.MAX_VALUE / 2
                && Ops.fusable(g, var) && Ops.fusable(m, var) && Ops.fusable(v, var)
                && (vhat == null || Ops.fusable(vhat, var))
                && whole(var) && whole(g) && whole(m) && whole(v) && (vhat == null || whole(vhat));
    }

    /** The array is its whole buffer, so the buffer's element 0 is the array's. */
    private static boolean whole(INDArray a) {
        return a.data().length() == a.length() && a.offset() == 0;
    }

    /**
     * Updates {@code var}, {@code m}, {@code v} (and {@code vhat} when non-null: AMSGrad) in place.
     *
     * @param alpha {@code lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)}
     */
    static void apply(INDArray var, INDArray g, INDArray m, INDArray v, INDArray vhat, double alpha,
                      double beta1, double beta2, double epsilon) {
        int n = Math.toIntExact(var.length());
        if (var.dataType() == DataType.FLOAT) {
            floats(n, var.data().asNioFloat(), g.data().asNioFloat(), m.data().asNioFloat(), v.data().asNioFloat(),
                    vhat == null ? null : vhat.data().asNioFloat(), (float) alpha, (float) (1 - beta1),
                    (float) (1 - beta2), (float) epsilon);
        } else {
            doubles(n, var.data().asNioDouble(), g.data().asNioDouble(), m.data().asNioDouble(),
                    v.data().asNioDouble(), vhat == null ? null : vhat.data().asNioDouble(), alpha, 1 - beta1,
                    1 - beta2, epsilon);
        }
    }

    /** The float32 pass over {@code n} elements of the buffers (from index 0), chunk by chunk. */
    static void floats(int n, FloatBuffer var, FloatBuffer g, FloatBuffer m, FloatBuffer v, FloatBuffer vhat,
                       float alpha, float c1, float c2, float eps) {
        float[][] s = CHUNKS.get().f;
        for (int o = 0; o < n; o += CHUNK) {
            int k = Math.min(CHUNK, n - o);
            var.get(o, s[0], 0, k);
            g.get(o, s[1], 0, k);
            m.get(o, s[2], 0, k);
            v.get(o, s[3], 0, k);
            if (vhat != null) {
                vhat.get(o, s[4], 0, k);
                floatsAmsgrad(k, s[0], s[1], s[2], s[3], s[4], alpha, c1, c2, eps);
                vhat.put(o, s[4], 0, k);
            } else {
                floats(k, s[0], s[1], s[2], s[3], alpha, c1, c2, eps);
            }
            var.put(o, s[0], 0, k);
            m.put(o, s[2], 0, k);
            v.put(o, s[3], 0, k);
        }
    }

    private static void doubles(int n, DoubleBuffer var, DoubleBuffer g, DoubleBuffer m, DoubleBuffer v,
                                DoubleBuffer vhat, double alpha, double c1, double c2, double eps) {
        double[][] s = CHUNKS.get().d;
        for (int o = 0; o < n; o += CHUNK) {
            int k = Math.min(CHUNK, n - o);
            var.get(o, s[0], 0, k);
            g.get(o, s[1], 0, k);
            m.get(o, s[2], 0, k);
            v.get(o, s[3], 0, k);
            if (vhat != null) {
                vhat.get(o, s[4], 0, k);
                doublesAmsgrad(k, s[0], s[1], s[2], s[3], s[4], alpha, c1, c2, eps);
                vhat.put(o, s[4], 0, k);
            } else {
                doubles(k, s[0], s[1], s[2], s[3], alpha, c1, c2, eps);
            }
            var.put(o, s[0], 0, k);
            m.put(o, s[2], 0, k);
            v.put(o, s[3], 0, k);
        }
    }

    private static void floats(int n, float[] var, float[] g, float[] m, float[] v, float alpha, float c1, float c2,
                               float eps) {
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float mi = m[i] + (gi - m[i]) * c1;
            float vi = v[i] + (gi * gi - v[i]) * c2;
            m[i] = mi;
            v[i] = vi;
            var[i] -= mi * alpha / ((float) Math.sqrt(vi) + eps);
        }
    }

    private static void floatsAmsgrad(int n, float[] var, float[] g, float[] m, float[] v, float[] vhat, float alpha,
                                      float c1, float c2, float eps) {
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float mi = m[i] + (gi - m[i]) * c1;
            float vi = v[i] + (gi * gi - v[i]) * c2;
            float hi = Math.max(vhat[i], vi);
            m[i] = mi;
            v[i] = vi;
            vhat[i] = hi;
            var[i] -= mi * alpha / ((float) Math.sqrt(hi) + eps);
        }
    }

    private static void doubles(int n, double[] var, double[] g, double[] m, double[] v, double alpha, double c1,
                                double c2, double eps) {
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            double mi = m[i] + (gi - m[i]) * c1;
            double vi = v[i] + (gi * gi - v[i]) * c2;
            m[i] = mi;
            v[i] = vi;
            var[i] -= mi * alpha / (Math.sqrt(vi) + eps);
        }
    }

    private static void doublesAmsgrad(int n, double[] var, double[] g, double[] m, double[] v, double[] vhat,
                                       double alpha, double c1, double c2, double eps) {
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            double mi = m[i] + (gi - m[i]) * c1;
            double vi = v[i] + (gi * gi - v[i]) * c2;
            double hi = Math.max(vhat[i], vi);
            m[i] = mi;
            v[i] = vi;
            vhat[i] = hi;
            var[i] -= mi * alpha / (Math.sqrt(hi) + eps);
        }
    }
}
