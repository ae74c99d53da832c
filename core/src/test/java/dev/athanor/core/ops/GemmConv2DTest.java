package dev.athanor.core.ops;

import dev.athanor.core.Tensor;


import static dev.athanor.core.testing.Asserts.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The im2col + OpenBLAS convolution ({@link GemmConv2D}) against a direct summation on random shapes: strides, dilation, valid / same,
 * channels_last / channels_first, 1x1 kernels, with and without bias; value and every gradient, to
 * 1e-5 in float32 and 1e-10 in float64.
 */
class GemmConv2DTest {

    @Test
    void matchesTheNativePathOnRandomShapesInFloat64() {
        compareRandom(DataType.DOUBLE, 1e-10, 40, 11);
    }

    @Test
    void matchesTheNativePathOnRandomShapesInFloat32() {
        compareRandom(DataType.FLOAT, 1e-5, 40, 12);
    }

    @Test
    void pointwiseAndChunkedShapes() {
        Random r = new Random(5);
        // 1x1 kernels use the input as the column matrix; a large batch runs in several chunks (checked
        // against libnd4j's conv2d: the direct summation would take too long)
        compare(r, DataType.DOUBLE, 1e-10, new int[] {3, 5, 4, 6}, 1, 1, 7, new int[] {1, 1}, new int[] {1, 1},
                false, false, true);
        compare(r, DataType.FLOAT, 1e-5, new int[] {3, 5, 4, 6}, 1, 1, 7, new int[] {1, 1}, new int[] {1, 1},
                true, true, false);
        int perSample = 9 * 9 * 3 * 3 * 2;
        int samples = 3000;
        org.junit.jupiter.api.Assertions.assertTrue((long) perSample * samples > Conv2DKernels.CHUNK_ELEMENTS);
        compare(r, DataType.DOUBLE, 1e-10, new int[] {samples, 9, 9, 2}, 3, 3, 3, new int[] {1, 1}, new int[] {1, 1},
                true, false, true);
    }

    @Test
    void fusedReluMatchesConvThenRelu() {
        Random r = new Random(9);
        for (DataType t : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            for (int i = 0; i < 6; i++) {
                boolean cf = i % 2 == 1;
                INDArray x = random(r, t, cf ? new long[] {2, 3, 7, 6} : new long[] {2, 7, 6, 3});
                INDArray k = random(r, t, new long[] {3, 2, 3, 4});
                INDArray b = random(r, t, new long[] {4});
                ConvOps.Geometry g = new ConvOps.Geometry(new int[] {1 + i % 3, 1}, new int[] {1, 1}, i > 2, cf);
                Tensor[] fused = runRelu(x, k, b, g, true);
                Tensor[] plain = runRelu(x, k, b, g, false);
                assertAllClose(plain[0].value(), fused[0].value(), 0, 0);
                for (int j = 1; j < fused.length; j++) {
                    assertAllClose(plain[j].grad(), fused[j].grad(), 1e-12, t == DataType.FLOAT ? 1e-5 : 1e-12);
                }
            }
        }
    }

    private static Tensor[] runRelu(INDArray x, INDArray k, INDArray b, ConvOps.Geometry g, boolean fused) {
        Tensor xt = Tensor.variable(x.dup());
        Tensor kt = Tensor.variable(k.dup());
        Tensor bt = Tensor.variable(b.dup());
        Tensor y = fused ? GemmConv2D.conv2d(xt, kt, bt, g, true) : GemmConv2D.conv2d(xt, kt, bt, g, false).relu();
        y.mul(Tensor.of(upstream(y.value()))).sum().backward();
        return new Tensor[] {y, xt, kt, bt};
    }

    private static void compareRandom(DataType t, double tol, int cases, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < cases; i++) {
            int n = 1 + r.nextInt(3);
            int h = 1 + r.nextInt(9);
            int w = 1 + r.nextInt(9);
            int c = 1 + r.nextInt(4);
            int kh = 1 + r.nextInt(3);
            int kw = 1 + r.nextInt(3);
            int o = 1 + r.nextInt(5);
            boolean dilated = r.nextInt(3) == 0;
            int[] strides = dilated ? new int[] {1, 1} : new int[] {1 + r.nextInt(3), 1 + r.nextInt(3)};
            int[] dilation = dilated ? new int[] {1 + r.nextInt(3), 1 + r.nextInt(3)} : new int[] {1, 1};
            boolean same = r.nextBoolean();
            if (!same && (h < (kh - 1) * dilation[0] + 1 || w < (kw - 1) * dilation[1] + 1)) {
                same = true;
            }
            compare(r, t, tol, new int[] {n, h, w, c}, kh, kw, o, strides, dilation, same, r.nextBoolean(),
                    r.nextBoolean());
        }
    }

    private static void compare(Random r, DataType t, double tol, int[] nhwc, int kh, int kw, int o, int[] strides,
                                int[] dilation, boolean same, boolean channelsFirst, boolean withBias) {
        int n = nhwc[0];
        int h = nhwc[1];
        int w = nhwc[2];
        int c = nhwc[3];
        INDArray x = random(r, t, channelsFirst ? new long[] {n, c, h, w} : new long[] {n, h, w, c});
        INDArray k = random(r, t, new long[] {kh, kw, c, o});
        INDArray b = random(r, t, new long[] {o});
        ConvOps.Geometry g = new ConvOps.Geometry(strides, dilation, same, channelsFirst);
        String what = "x " + java.util.Arrays.toString(x.shape()) + " k " + java.util.Arrays.toString(k.shape())
                + " strides " + java.util.Arrays.toString(strides) + " dilation "
                + java.util.Arrays.toString(dilation) + " same " + same + " cf " + channelsFirst + " bias "
                + withBias;
        Tensor[] fast = run(x, k, withBias ? b : null, g, true);
        INDArray[] ref = n > 100 ? values(run(x, k, withBias ? b : null, g, false))
                : naive(x, k, withBias ? b : null, g);
        assertArrayEquals(ref[0].shape(), fast[0].value().shape(), what);
        for (int i = 0; i < fast.length; i++) {
            INDArray expected = ref[i].castTo(t);
            INDArray actual = i == 0 ? fast[0].value() : fast[i].grad();
            double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
            try {
                assertAllClose(expected, actual, tol, tol * scale);
            } catch (AssertionError e) {
                throw new AssertionError(what + " (output " + i + "): " + e.getMessage(), e);
            }
        }
    }

    /** The output, then the input, kernel and bias leaves after backward of {@code sum(y * u)}. */
    private static Tensor[] run(INDArray x, INDArray k, INDArray b, ConvOps.Geometry g, boolean fast) {
        Tensor xt = Tensor.variable(x.dup());
        Tensor kt = Tensor.variable(k.dup());
        Tensor bt = b == null ? null : Tensor.variable(b.dup());
        Tensor y = fast ? GemmConv2D.conv2d(xt, kt, bt, g, false) : ConvOps.conv2dNative(xt, kt, bt, g);
        y.mul(Tensor.of(upstream(y.value()))).sum().backward();
        return b == null ? new Tensor[] {y, xt, kt} : new Tensor[] {y, xt, kt, bt};
    }

    private static INDArray[] values(Tensor[] run) {
        INDArray[] out = new INDArray[run.length];
        out[0] = run[0].value();
        for (int i = 1; i < run.length; i++) {
            out[i] = run[i].grad();
        }
        return out;
    }

    private static INDArray upstream(INDArray y) {
        Nd4j.getRandom().setSeed(7);
        return Nd4j.rand(y.dataType(), y.shape()).subi(0.5);
    }

    /**
     * The same four results by direct summation in double over NHWC (TensorFlow's same padding:
     * floor(total / 2) before): the independent reference.
     */
    private static INDArray[] naive(INDArray x, INDArray k, INDArray b, ConvOps.Geometry g) {
        boolean cf = g.channelsFirst();
        INDArray xn = cf ? x.permute(0, 2, 3, 1).dup('c') : x;
        int n = (int) xn.size(0);
        int h = (int) xn.size(1);
        int w = (int) xn.size(2);
        int c = (int) xn.size(3);
        int kh = (int) k.size(0);
        int kw = (int) k.size(1);
        int o = (int) k.size(3);
        int[] s = g.strides();
        int[] d = g.dilation();
        int oh = (int) ConvOps.Geometry.outputLength(h, kh, s[0], d[0], g.same());
        int ow = (int) ConvOps.Geometry.outputLength(w, kw, s[1], d[1], g.same());
        int ph = g.same() ? Math.max((oh - 1) * s[0] + (kh - 1) * d[0] + 1 - h, 0) / 2 : 0;
        int pw = g.same() ? Math.max((ow - 1) * s[1] + (kw - 1) * d[1] + 1 - w, 0) / 2 : 0;
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, oh, ow, o);
        INDArray u = upstream(cf ? y.permute(0, 3, 1, 2) : y);
        INDArray un = cf ? u.permute(0, 2, 3, 1) : u;
        INDArray dx = Nd4j.zeros(DataType.DOUBLE, n, h, w, c);
        INDArray dk = Nd4j.zeros(DataType.DOUBLE, kh, kw, c, o);
        INDArray db = Nd4j.zeros(DataType.DOUBLE, o);
        for (int q = 0; q < n; q++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int f = 0; f < o; f++) {
                        double sum = b == null ? 0 : b.getDouble(f);
                        double gu = un.getDouble(q, i, j, f);
                        db.putScalar(f, db.getDouble(f) + gu);
                        for (int a = 0; a < kh; a++) {
                            for (int bb = 0; bb < kw; bb++) {
                                int ih = i * s[0] - ph + a * d[0];
                                int iw = j * s[1] - pw + bb * d[1];
                                if (ih < 0 || ih >= h || iw < 0 || iw >= w) {
                                    continue;
                                }
                                for (int ch = 0; ch < c; ch++) {
                                    double xv = xn.getDouble(q, ih, iw, ch);
                                    double kv = k.getDouble(a, bb, ch, f);
                                    sum += xv * kv;
                                    dx.putScalar(new long[] {q, ih, iw, ch}, dx.getDouble(q, ih, iw, ch) + gu * kv);
                                    dk.putScalar(new long[] {a, bb, ch, f}, dk.getDouble(a, bb, ch, f) + gu * xv);
                                }
                            }
                        }
                        y.putScalar(new long[] {q, i, j, f}, sum);
                    }
                }
            }
        }
        INDArray yOut = cf ? y.permute(0, 3, 1, 2).dup('c') : y;
        INDArray dxOut = cf ? dx.permute(0, 3, 1, 2).dup('c') : dx;
        return b == null ? new INDArray[] {yOut, dxOut, dk} : new INDArray[] {yOut, dxOut, dk, db};
    }

    private static INDArray random(Random r, DataType t, long[] shape) {
        INDArray a = Nd4j.create(t, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, r.nextGaussian());
        }
        return a;
    }
}
