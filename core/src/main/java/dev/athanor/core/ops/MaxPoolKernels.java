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

    /** Writes the window maxima of x into {@code out} and their flat input indices into {@code argmax}. */
    static void forward(INDArray x, Dims d, INDArray out, int[] argmax) {
        if (x.dataType() == DataType.FLOAT) {
            forwardFloat(HostBlas.floatView(x), d, HostBlas.floatView(out), argmax);
        } else {
            forwardDouble(HostBlas.doubleView(x), d, HostBlas.doubleView(out), argmax);
        }
    }

    private static void forwardFloat(FloatBuffer x, Dims d, FloatBuffer out, int[] argmax) {
        int c = d.c();
        int o = 0;
        for (int n = 0; n < d.n(); n++) {
            int xn = n * d.h() * d.w() * c;
            for (int i = 0; i < d.oh(); i++) {
                int a0 = Math.max(0, d.ph() - i * d.sh());
                int a1 = Math.min(d.kh(), d.h() + d.ph() - i * d.sh());
                for (int j = 0; j < d.ow(); j++, o += c) {
                    int b0 = Math.max(0, d.pw() - j * d.sw());
                    int b1 = Math.min(d.kw(), d.w() + d.pw() - j * d.sw());
                    int first = xn + ((i * d.sh() - d.ph() + a0) * d.w() + j * d.sw() - d.pw() + b0) * c;
                    for (int q = 0; q < c; q++) {
                        out.put(o + q, x.get(first + q));
                        argmax[o + q] = first + q;
                    }
                    for (int a = a0; a < a1; a++) {
                        int row = xn + ((i * d.sh() - d.ph() + a) * d.w() + j * d.sw() - d.pw()) * c;
                        for (int b = b0; b < b1; b++) {
                            int at = row + b * c;
                            for (int q = 0; q < c; q++) {
                                float v = x.get(at + q);
                                if (v > out.get(o + q)) {
                                    out.put(o + q, v);
                                    argmax[o + q] = at + q;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void forwardDouble(DoubleBuffer x, Dims d, DoubleBuffer out, int[] argmax) {
        int c = d.c();
        int o = 0;
        for (int n = 0; n < d.n(); n++) {
            int xn = n * d.h() * d.w() * c;
            for (int i = 0; i < d.oh(); i++) {
                int a0 = Math.max(0, d.ph() - i * d.sh());
                int a1 = Math.min(d.kh(), d.h() + d.ph() - i * d.sh());
                for (int j = 0; j < d.ow(); j++, o += c) {
                    int b0 = Math.max(0, d.pw() - j * d.sw());
                    int b1 = Math.min(d.kw(), d.w() + d.pw() - j * d.sw());
                    int first = xn + ((i * d.sh() - d.ph() + a0) * d.w() + j * d.sw() - d.pw() + b0) * c;
                    for (int q = 0; q < c; q++) {
                        out.put(o + q, x.get(first + q));
                        argmax[o + q] = first + q;
                    }
                    for (int a = a0; a < a1; a++) {
                        int row = xn + ((i * d.sh() - d.ph() + a) * d.w() + j * d.sw() - d.pw()) * c;
                        for (int b = b0; b < b1; b++) {
                            int at = row + b * c;
                            for (int q = 0; q < c; q++) {
                                double v = x.get(at + q);
                                if (v > out.get(o + q)) {
                                    out.put(o + q, v);
                                    argmax[o + q] = at + q;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** {@code dx} (zeroed by the caller) receives every output gradient at its window's maximum. */
    static void backward(INDArray gradOut, int[] argmax, INDArray dx) {
        int len = argmax.length;
        if (dx.dataType() == DataType.FLOAT) {
            FloatBuffer g = HostBlas.floatView(gradOut);
            FloatBuffer out = HostBlas.floatView(dx);
            for (int k = 0; k < len; k++) {
                int at = argmax[k];
                out.put(at, out.get(at) + g.get(k));
            }
        } else {
            DoubleBuffer g = HostBlas.doubleView(gradOut);
            DoubleBuffer out = HostBlas.doubleView(dx);
            for (int k = 0; k < len; k++) {
                int at = argmax[k];
                out.put(at, out.get(at) + g.get(k));
            }
        }
    }
}
