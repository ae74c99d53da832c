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
 * Max pooling with kept argmax ({@link PoolingOps#maxPoolWithIndices}) against a direct search in
 * double on random shapes (pool sizes, strides, valid
 * and same padding, channels_last and channels_first), and the tie rule (first in window order).
 */
class MaxPoolKernelsTest {

    @Test
    void matchesADirectSearchOnRandomShapes() {
        Random r = new Random(3);
        for (DataType t : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            for (int i = 0; i < 40; i++) {
                int[] pool = {1 + r.nextInt(3), 1 + r.nextInt(3)};
                int[] strides = {1 + r.nextInt(3), 1 + r.nextInt(3)};
                boolean same = r.nextBoolean();
                boolean cf = r.nextBoolean();
                int h = pool[0] + r.nextInt(7);
                int w = pool[1] + r.nextInt(7);
                int n = 1 + r.nextInt(3);
                int c = 1 + r.nextInt(5);
                INDArray x = Nd4j.create(t, cf ? new long[] {n, c, h, w} : new long[] {n, h, w, c});
                for (long e = 0; e < x.length(); e++) {
                    x.putScalar(e, r.nextGaussian());
                }
                ConvOps.Geometry g = new ConvOps.Geometry(strides, new int[] {1, 1}, same, cf);
                Tensor[] fast = run(x, pool, g, true);
                INDArray[] ref = naive(x, pool, g);
                String what = java.util.Arrays.toString(x.shape()) + " pool " + java.util.Arrays.toString(pool)
                        + " strides " + java.util.Arrays.toString(strides) + " same " + same + " cf " + cf;
                assertArrayEquals(ref[0].shape(), fast[0].value().shape(), what);
                try {
                    assertAllClose(ref[0].castTo(t), fast[0].value(), 0, 0);
                    assertAllClose(ref[1].castTo(t), fast[1].grad(), 1e-12, t == DataType.FLOAT ? 1e-6 : 1e-12);
                } catch (AssertionError e) {
                    throw new AssertionError(what + ": " + e.getMessage(), e);
                }
            }
        }
    }

    @Test
    void tiesSendTheGradientToTheFirstCellInWindowOrder() {
        INDArray x = Nd4j.create(new double[] {1, 3, 3, 2}, new long[] {1, 2, 2, 1});
        ConvOps.Geometry g = new ConvOps.Geometry(new int[] {2, 2}, new int[] {1, 1}, false, false);
        Tensor xt = Tensor.variable(x);
        Tensor y = PoolingOps.maxPoolWithIndices(xt, new int[] {2, 2}, g);
        y.sum().backward();
        assertAllClose(Nd4j.create(new double[] {0, 1, 0, 0}, new long[] {1, 2, 2, 1}), xt.grad(), 0, 0);
        assertAllClose(Nd4j.create(new double[] {3}, new long[] {1, 1, 1, 1}), y.value(), 0, 0);
    }

    private static Tensor[] run(INDArray x, int[] pool, ConvOps.Geometry g, boolean fast) {
        Tensor xt = Tensor.variable(x.dup());
        Tensor y = fast ? PoolingOps.maxPoolWithIndices(xt, pool, g) : PoolingOps.maxPool2dNative(xt, pool, g);
        y.mul(Tensor.of(upstream(y.value()))).sum().backward();
        return new Tensor[] {y, xt};
    }

    private static INDArray upstream(INDArray y) {
        Nd4j.getRandom().setSeed(5);
        return Nd4j.rand(y.dataType(), y.shape());
    }

    /** Output and input gradient by direct search in double (TensorFlow's same padding, first max wins). */
    private static INDArray[] naive(INDArray x, int[] pool, ConvOps.Geometry g) {
        boolean cf = g.channelsFirst();
        INDArray xn = cf ? x.permute(0, 2, 3, 1).dup('c') : x;
        int n = (int) xn.size(0);
        int h = (int) xn.size(1);
        int w = (int) xn.size(2);
        int c = (int) xn.size(3);
        int[] s = g.strides();
        int oh = (int) ConvOps.Geometry.outputLength(h, pool[0], s[0], 1, g.same());
        int ow = (int) ConvOps.Geometry.outputLength(w, pool[1], s[1], 1, g.same());
        int ph = g.same() ? Math.max((oh - 1) * s[0] + pool[0] - h, 0) / 2 : 0;
        int pw = g.same() ? Math.max((ow - 1) * s[1] + pool[1] - w, 0) / 2 : 0;
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, oh, ow, c);
        INDArray u = upstream(cf ? y.permute(0, 3, 1, 2).dup('c').castTo(x.dataType())
                : y.castTo(x.dataType()));
        INDArray un = cf ? u.permute(0, 2, 3, 1) : u;
        INDArray dx = Nd4j.zeros(DataType.DOUBLE, n, h, w, c);
        for (int q = 0; q < n; q++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int ch = 0; ch < c; ch++) {
                        double best = Double.NEGATIVE_INFINITY;
                        int bi = -1;
                        int bj = -1;
                        for (int a = 0; a < pool[0]; a++) {
                            for (int b = 0; b < pool[1]; b++) {
                                int ih = i * s[0] - ph + a;
                                int iw = j * s[1] - pw + b;
                                if (ih >= 0 && ih < h && iw >= 0 && iw < w && xn.getDouble(q, ih, iw, ch) > best) {
                                    best = xn.getDouble(q, ih, iw, ch);
                                    bi = ih;
                                    bj = iw;
                                }
                            }
                        }
                        y.putScalar(new long[] {q, i, j, ch}, best);
                        dx.putScalar(new long[] {q, bi, bj, ch}, dx.getDouble(q, bi, bj, ch) + un.getDouble(q, i, j, ch));
                    }
                }
            }
        }
        return new INDArray[] {cf ? y.permute(0, 3, 1, 2).dup('c') : y, cf ? dx.permute(0, 3, 1, 2).dup('c') : dx};
    }
}
