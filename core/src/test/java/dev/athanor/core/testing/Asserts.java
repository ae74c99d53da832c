package dev.athanor.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** numpy-style closeness checks: {@code |a - e| <= atol + rtol * |e|} elementwise. */
public final class Asserts {

    private Asserts() {
    }

    /** Fails with the worst element when {@code actual} is not close to {@code expected}. */
    public static void assertAllClose(INDArray expected, INDArray actual, double rtol, double atol) {
        if (!Arrays.equals(expected.shape(), actual.shape())) {
            fail("Shapes differ: expected " + Arrays.toString(expected.shape()) + " but was "
                    + Arrays.toString(actual.shape()));
        }
        double[] e = expected.dup().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
        double[] a = actual.dup().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
        assertAllClose(e, a, rtol, atol);
    }

    /** Same for plain arrays. */
    public static void assertAllClose(double[] expected, double[] actual, double rtol, double atol) {
        if (expected.length != actual.length) {
            fail("Lengths differ: expected " + expected.length + " but was " + actual.length);
        }
        int worst = -1;
        double worstExcess = 0;
        for (int i = 0; i < expected.length; i++) {
            double tol = atol + rtol * Math.abs(expected[i]);
            double diff = Math.abs(expected[i] - actual[i]);
            boolean bad = Double.isNaN(actual[i]) != Double.isNaN(expected[i]) || diff > tol
                    || (Double.isInfinite(expected[i]) && expected[i] != actual[i]);
            if (bad && (worst < 0 || diff - tol > worstExcess)) {
                worst = i;
                worstExcess = diff - tol;
            }
        }
        if (worst >= 0) {
            fail("Not close at index " + worst + ": expected " + expected[worst] + " but was " + actual[worst]
                    + " (rtol=" + rtol + ", atol=" + atol + ")");
        }
    }
}
