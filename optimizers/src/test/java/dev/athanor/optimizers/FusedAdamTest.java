package dev.athanor.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The in-place, chunked Adam pass over the arrays' memory against (1) a plain per-element loop over
 * Java arrays with the same float formula — bitwise, over many steps, at sizes around the chunk
 * length so that whole, partial and single chunks all occur — and (2) the ND4J-op form the
 * optimizer falls back to for views, to 1e-6 relative (a different op order, so not bitwise).
 */
class FusedAdamTest {

    private static final double LR = 0.01;
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    private static final double EPS = 1e-7;

    private static float[] gaussian(Random r, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextGaussian() * scale);
        }
        return a;
    }

    /** The float formula, element by element, written out independently of FusedAdam's chunking. */
    private static void reference(float[] var, float[] g, float[] m, float[] v, float[] vhat, long t) {
        float alpha = (float) Adam.alpha(LR, B1, B2, t);
        float c1 = (float) (1 - B1);
        float c2 = (float) (1 - B2);
        float eps = (float) EPS;
        for (int i = 0; i < var.length; i++) {
            m[i] = m[i] + (g[i] - m[i]) * c1;
            v[i] = v[i] + (g[i] * g[i] - v[i]) * c2;
            float second = v[i];
            if (vhat != null) {
                vhat[i] = Math.max(vhat[i], v[i]);
                second = vhat[i];
            }
            var[i] = var[i] - m[i] * alpha / ((float) Math.sqrt(second) + eps);
        }
    }

    @ParameterizedTest(name = "n={0} amsgrad={1}")
    @CsvSource({"1,false", "1023,false", "1024,true", "1025,false", "3000,true", "5000,false"})
    void chunkedPassIsBitwiseTheElementLoopOverManySteps(int n, boolean amsgrad) {
        Random r = new Random(n);
        float[] var = gaussian(r, n, 1);
        float[] m = new float[n];
        float[] v = new float[n];
        float[] vhat = amsgrad ? new float[n] : null;
        INDArray aVar = Nd4j.createFromArray(var.clone());
        INDArray aM = Nd4j.zeros(DataType.FLOAT, n);
        INDArray aV = Nd4j.zeros(DataType.FLOAT, n);
        INDArray aH = amsgrad ? Nd4j.zeros(DataType.FLOAT, n) : null;
        for (long t = 1; t <= 300; t++) {
            // gradients that shrink and change sign, so m, v (and vhat's maximum) all move
            float[] g = gaussian(r, n, 1.0 / Math.sqrt(t));
            INDArray aG = Nd4j.createFromArray(g);
            assertTrue(FusedAdam.supports(aVar, aG, aM, aV, aH));
            FusedAdam.apply(aVar, aG, aM, aV, aH, Adam.alpha(LR, B1, B2, t), B1, B2, EPS);
            reference(var, g, m, v, vhat, t);
        }
        assertArrayEquals(var, aVar.toFloatVector(), "variable");
        assertArrayEquals(m, aM.toFloatVector(), "m");
        assertArrayEquals(v, aV.toFloatVector(), "v");
        if (amsgrad) {
            assertArrayEquals(vhat, aH.toFloatVector(), "vhat");
        }
        assertTrue(!java.util.Arrays.equals(var, gaussian(new Random(n), n, 1)), "the steps moved the variable");
    }

    @ParameterizedTest(name = "amsgrad={0}")
    @CsvSource({"false", "true"})
    void agreesWithTheNd4jOpFormWithin1e6(boolean amsgrad) {
        int n = 2500;
        Random r = new Random(7);
        INDArray start = Nd4j.createFromArray(gaussian(r, n, 1));
        INDArray fused = start.dup();
        // a view of a larger array: not fusable, so Adam.step takes its ND4J-op path
        INDArray holder = Nd4j.zeros(DataType.FLOAT, n + 3);
        INDArray ops = holder.get(NDArrayIndex.interval(3, n + 3));
        ops.assign(start);
        BaseOptimizer.Slots sf = slots(n, amsgrad);
        BaseOptimizer.Slots so = slots(n, amsgrad);
        for (long t = 1; t <= 200; t++) {
            INDArray g = Nd4j.createFromArray(gaussian(r, n, 0.5));
            assertTrue(!FusedAdam.supports(ops, g, so.get(0), so.get(1), amsgrad ? so.get(2) : null));
            Adam.step(fused, g, sf, amsgrad, LR, t, B1, B2, EPS);
            Adam.step(ops, g, so, amsgrad, LR, t, B1, B2, EPS);
        }
        // relative to the values (some reach ~5, where a float step is 5e-7): 1e-6 is two float steps
        INDArray o = ops.castTo(DataType.DOUBLE);
        INDArray scale = Transforms.max(Transforms.abs(o, true), 1.0, false);
        double worst = fused.castTo(DataType.DOUBLE).sub(o).divi(scale).amaxNumber().doubleValue();
        assertTrue(worst <= 1e-6, "max |fused - ops| / max(1, |ops|) after 200 steps = " + worst);
        assertTrue(fused.sub(start).amaxNumber().doubleValue() > 0.1, "the steps moved the variable");
    }

    private static BaseOptimizer.Slots slots(int n, boolean amsgrad) {
        INDArray[] s = new INDArray[amsgrad ? 3 : 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = Nd4j.zeros(DataType.FLOAT, n);
        }
        return new BaseOptimizer.Slots(s, s[0]);
    }
}
