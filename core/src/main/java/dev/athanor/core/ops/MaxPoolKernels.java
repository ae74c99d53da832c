package dev.athanor.core.ops;

import dev.athanor.core.Internal;


import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Max pooling of NHWC images in Java loops over the arrays' memory, keeping the index of every
 * window's maximum from the forward pass, so that the backward pass is one scatter of the output
 * gradient (libnd4j's {@code maxpool2d_bp} searches every window again). Padded cells never win
 * (TensorFlow's same padding: {@code floor(total / 2)} before); among equal values the first in
 * row-major window order wins, as TensorFlow's gradient does. float32 and float64.
 */
@Internal
public final class MaxPoolKernels {

    private MaxPoolKernels() {
    }

    /** The sizes of one pooling: input {@code [n, h, w, c]}, window, strides, pads before, output. */
    record Dims(int n, int h, int w, int c, int kh, int kw, int sh, int sw, int ph, int pw, int oh, int ow) {

        static Dims of(long[] x, int[] pool, int[] strides, boolean same) {
            int h = Math.toIntExact(x[1]);
            int w = Math.toIntExact(x[2]);
            int oh = (int) ConvOps.Geometry.outputLength(h, pool[0], strides[0], 1, same);
            int ow = (int) ConvOps.Geometry.outputLength(w, pool[1], strides[1], 1, same);
            int ph = same ? Math.max((oh - 1) * strides[0] + pool[0] - h, 0) / 2 : 0;
            int pw = same ? Math.max((ow - 1) * strides[1] + pool[1] - w, 0) / 2 : 0;
            return new Dims(Math.toIntExact(x[0]), h, w, Math.toIntExact(x[3]), pool[0], pool[1], strides[0],
                    strides[1], ph, pw, oh, ow);
        }

        long outputLength() {
            return (long) n * oh * ow * c;
        }
    }

    /**
     * Writes the window maxima of x into {@code out} and their flat input indices into {@code argmax}.
     * Works a sample at a time on heap arrays (one bulk copy in, one out): per-element access to the
     * direct buffers cost several times the comparisons themselves.
     */
    static void forward(INDArray x, Dims d, INDArray out, int[] argmax) {
        int in = d.h() * d.w() * d.c();
        int per = d.oh() * d.ow() * d.c();
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer src = HostBlas.floatView(x);
            FloatBuffer dst = HostBlas.floatView(out);
            float[] xs = new float[in];
            float[] ys = new float[per];
            for (int n = 0; n < d.n(); n++) {
                src.get(n * in, xs, 0, in);
                forwardSample(xs, d, ys, argmax, n);
                dst.put(n * per, ys, 0, per);
            }
        } else {
            DoubleBuffer src = HostBlas.doubleView(x);
            DoubleBuffer dst = HostBlas.doubleView(out);
            double[] xs = new double[in];
            double[] ys = new double[per];
            for (int n = 0; n < d.n(); n++) {
                src.get(n * in, xs, 0, in);
                forwardSample(xs, d, ys, argmax, n);
                dst.put(n * per, ys, 0, per);
            }
        }
    }

    /** Sample {@code n}: x its {@code [h, w, c]} image, y its {@code [oh, ow, c]} maxima; argmax indices are global. */
    private static void forwardSample(float[] x, Dims d, float[] y, int[] argmax, int n) {
        int c = d.c();
        int xn = n * d.h() * d.w() * c;
        int base = n * d.oh() * d.ow() * c;
        int o = 0;
        for (int i = 0; i < d.oh(); i++) {
            int a0 = Math.max(0, d.ph() - i * d.sh());
            int a1 = Math.min(d.kh(), d.h() + d.ph() - i * d.sh());
            for (int j = 0; j < d.ow(); j++, o += c) {
                int b0 = Math.max(0, d.pw() - j * d.sw());
                int b1 = Math.min(d.kw(), d.w() + d.pw() - j * d.sw());
                int first = ((i * d.sh() - d.ph() + a0) * d.w() + j * d.sw() - d.pw() + b0) * c;
                for (int q = 0; q < c; q++) {
                    y[o + q] = x[first + q];
                    argmax[base + o + q] = first + q;
                }
                for (int a = a0; a < a1; a++) {
                    int row = ((i * d.sh() - d.ph() + a) * d.w() + j * d.sw() - d.pw()) * c;
                    for (int b = b0; b < b1; b++) {
                        int at = row + b * c;
                        for (int q = 0; q < c; q++) {
                            float v = x[at + q];
                            if (v > y[o + q]) {
                                y[o + q] = v;
                                argmax[base + o + q] = at + q;
                            }
                        }
                    }
                }
            }
        }
        for (int k = base, end = base + o; k < end; k++) {
            argmax[k] += xn;
        }
    }

    private static void forwardSample(double[] x, Dims d, double[] y, int[] argmax, int n) {
        int c = d.c();
        int xn = n * d.h() * d.w() * c;
        int base = n * d.oh() * d.ow() * c;
        int o = 0;
        for (int i = 0; i < d.oh(); i++) {
            int a0 = Math.max(0, d.ph() - i * d.sh());
            int a1 = Math.min(d.kh(), d.h() + d.ph() - i * d.sh());
            for (int j = 0; j < d.ow(); j++, o += c) {
                int b0 = Math.max(0, d.pw() - j * d.sw());
                int b1 = Math.min(d.kw(), d.w() + d.pw() - j * d.sw());
                int first = ((i * d.sh() - d.ph() + a0) * d.w() + j * d.sw() - d.pw() + b0) * c;
                for (int q = 0; q < c; q++) {
                    y[o + q] = x[first + q];
                    argmax[base + o + q] = first + q;
                }
                for (int a = a0; a < a1; a++) {
                    int row = ((i * d.sh() - d.ph() + a) * d.w() + j * d.sw() - d.pw()) * c;
                    for (int b = b0; b < b1; b++) {
                        int at = row + b * c;
                        for (int q = 0; q < c; q++) {
                            double v = x[at + q];
                            if (v > y[o + q]) {
                                y[o + q] = v;
                                argmax[base + o + q] = at + q;
                            }
                        }
                    }
                }
            }
        }
        for (int k = base, end = base + o; k < end; k++) {
            argmax[k] += xn;
        }
    }

    /**
     * Writes every element of {@code dx} (x's shape; need not be zeroed): each output gradient added at
     * its window's maximum, zero elsewhere. A sample at a time on heap arrays, as {@link #forward}.
     */
    static void backward(INDArray gradOut, int[] argmax, Dims d, INDArray dx) {
        int in = d.h() * d.w() * d.c();
        int per = d.oh() * d.ow() * d.c();
        if (dx.dataType() == DataType.FLOAT) {
            FloatBuffer g = HostBlas.floatView(gradOut);
            FloatBuffer out = HostBlas.floatView(dx);
            float[] gs = new float[per];
            float[] acc = new float[in];
            for (int n = 0; n < d.n(); n++) {
                g.get(n * per, gs, 0, per);
                java.util.Arrays.fill(acc, 0f);
                int xn = n * in;
                for (int k = 0, at = n * per; k < per; k++, at++) {
                    acc[argmax[at] - xn] += gs[k];
                }
                out.put(xn, acc, 0, in);
            }
        } else {
            DoubleBuffer g = HostBlas.doubleView(gradOut);
            DoubleBuffer out = HostBlas.doubleView(dx);
            double[] gs = new double[per];
            double[] acc = new double[in];
            for (int n = 0; n < d.n(); n++) {
                g.get(n * per, gs, 0, per);
                java.util.Arrays.fill(acc, 0.0);
                int xn = n * in;
                for (int k = 0, at = n * per; k < per; k++, at++) {
                    acc[argmax[at] - xn] += gs[k];
                }
                out.put(xn, acc, 0, in);
            }
        }
    }
}
