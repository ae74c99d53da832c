package dev.athanor.core.ops;

import static dev.athanor.core.testing.Asserts.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java batch normalization ({@link FusedBatchNorm}) against the ND4J form
 * ({@link BatchNormOps#generic}) on random shapes, with and without scale and center: output, batch
 * statistics and every gradient to 1e-5 (float32).
 */
class FusedBatchNormTest {

    @Test
    void matchesTheNd4jFormOnRandomShapes() {
        Random r = new Random(21);
        long[][] shapes = {{7, 3}, {4, 5, 6, 8}, {2, 9, 9, 16}, {3, 11, 5}, {64, 1}};
        for (int i = 0; i < shapes.length; i++) {
            long[] shape = shapes[i];
            int c = (int) shape[shape.length - 1];
            boolean scale = i % 2 == 0;
            boolean center = i % 3 != 2;
            assertTrue(FusedBatchNorm.applies(Nd4j.create(DataType.FLOAT, shape), shape.length - 1));
            INDArray x = random(r, shape).muli(3).addi(1.5);
            INDArray gamma = random(r, new long[] {c});
            INDArray beta = random(r, new long[] {c});
            INDArray w = random(r, shape);
            Object[] fused = run(true, x, scale ? gamma : null, center ? beta : null, w);
            Object[] generic = run(false, x, scale ? gamma : null, center ? beta : null, w);
            for (int k = 0; k < fused.length; k++) {
                if (fused[k] != null) {
                    assertAllClose((INDArray) generic[k], (INDArray) fused[k], 1e-5, 1e-5);
                }
            }
        }
    }

    /** Output, mean, variance and the gradients of sum(out * w) with respect to x, gamma, beta. */
    private static Object[] run(boolean fused, INDArray x, INDArray gamma, INDArray beta, INDArray w) {
        Tensor tx = Tensor.variable(x.dup());
        Tensor tg = gamma == null ? null : Tensor.variable(gamma.dup());
        Tensor tb = beta == null ? null : Tensor.variable(beta.dup());
        BatchNormOps.Result res = fused ? FusedBatchNorm.training(tx, tg, tb, 1e-3)
                : BatchNormOps.generic(tx, tg, tb, -1, 1e-3);
        res.output().mul(Tensor.of(w)).sum().backward();
        return new Object[] {res.output().value(), res.mean(), res.variance(), tx.grad(),
            tg == null ? null : tg.grad(), tb == null ? null : tb.grad()};
    }

    private static INDArray random(Random r, long[] shape) {
        int n = 1;
        for (long s : shape) {
            n *= (int) s;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Nd4j.create(v, shape, 'c');
    }
}
