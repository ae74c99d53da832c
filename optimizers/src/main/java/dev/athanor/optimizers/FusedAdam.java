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
 * several-op form slow too. The arrays are copied in bulk into Java arrays (a memcpy each), updated
 * in a loop the JIT vectorizes, and copied back: looping over the direct buffers themselves is
 * scalar and was 2-3x slower. Works on dense, unit-stride, non-view float32/float64 arrays of one
 * type ({@link Ops#fusable}); the caller falls back to ND4J ops otherwise.
 */
final class FusedAdam {

    /** Per-thread scratch arrays, grown to the largest variable seen. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        float[][] f = new float[5][0];
        double[][] d = new double[5][0];

        float[][] floats(int n) {
            if (f[0].length < n) {
                f = new float[5][n];
            }
            return f;
        }

        double[][] doubles(int n) {
            if (d[0].length < n) {
                d = new double[5][n];
            }
            return d;
        }
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
            float[][] s = SCRATCH.get().floats(n);
            FloatBuffer bVar = var.data().asNioFloat(), bG = g.data().asNioFloat();
            FloatBuffer bM = m.data().asNioFloat(), bV = v.data().asNioFloat();
            FloatBuffer bH = vhat == null ? null : vhat.data().asNioFloat();
            bVar.get(0, s[0], 0, n);
            bG.get(0, s[1], 0, n);
            bM.get(0, s[2], 0, n);
            bV.get(0, s[3], 0, n);
            if (bH != null) {
                bH.get(0, s[4], 0, n);
                floatsAmsgrad(n, s[0], s[1], s[2], s[3], s[4], (float) alpha, (float) (1 - beta1), (float) (1 - beta2),
                        (float) epsilon);
                bH.put(0, s[4], 0, n);
            } else {
                floats(n, s[0], s[1], s[2], s[3], (float) alpha, (float) (1 - beta1), (float) (1 - beta2), (float) epsilon);
            }
            bVar.put(0, s[0], 0, n);
            bM.put(0, s[2], 0, n);
            bV.put(0, s[3], 0, n);
        } else {
            double[][] s = SCRATCH.get().doubles(n);
            DoubleBuffer bVar = var.data().asNioDouble(), bG = g.data().asNioDouble();
            DoubleBuffer bM = m.data().asNioDouble(), bV = v.data().asNioDouble();
            DoubleBuffer bH = vhat == null ? null : vhat.data().asNioDouble();
            bVar.get(0, s[0], 0, n);
            bG.get(0, s[1], 0, n);
            bM.get(0, s[2], 0, n);
            bV.get(0, s[3], 0, n);
            if (bH != null) {
                bH.get(0, s[4], 0, n);
                doublesAmsgrad(n, s[0], s[1], s[2], s[3], s[4], alpha, 1 - beta1, 1 - beta2, epsilon);
                bH.put(0, s[4], 0, n);
            } else {
                doubles(n, s[0], s[1], s[2], s[3], alpha, 1 - beta1, 1 - beta2, epsilon);
            }
            bVar.put(0, s[0], 0, n);
            bM.put(0, s[2], 0, n);
            bV.put(0, s[3], 0, n);
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
