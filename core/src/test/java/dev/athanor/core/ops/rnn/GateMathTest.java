package dev.athanor.core.ops.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.ops.FusedActivation;
import org.junit.jupiter.api.Test;

/** The float32 gate math against java.lang.Math (tanh, sigmoid) and the closed-form derivatives. */
class GateMathTest {

    @Test
    void tanhAndSigmoidAreAccurateToAFewUlpsEverywhere() {
        double worstTanh = 0;
        double worstSigmoid = 0;
        for (int i = -400_000; i <= 400_000; i++) {
            float x = i * 5e-5f;
            worstTanh = Math.max(worstTanh, Math.abs(GateMath.tanh(x) - Math.tanh(x)));
            worstSigmoid = Math.max(worstSigmoid, Math.abs(GateMath.sigmoid(x) - 1 / (1 + Math.exp(-x))));
        }
        for (float x : new float[] {-1e30f, -1e4f, -88f, 88f, 1e4f, 1e30f, Float.MIN_VALUE, -0f}) {
            worstTanh = Math.max(worstTanh, Math.abs(GateMath.tanh(x) - Math.tanh(x)));
            worstSigmoid = Math.max(worstSigmoid, Math.abs(GateMath.sigmoid(x) - 1 / (1 + Math.exp(-x))));
        }
        assertTrue(worstTanh < 5e-7, "tanh error " + worstTanh);
        assertTrue(worstSigmoid < 3e-7, "sigmoid error " + worstSigmoid);
        assertEquals(0f, GateMath.tanh(0f));
        assertEquals(0.5f, GateMath.sigmoid(0f));
    }

    @Test
    void activationsAndSlopesMatchTheirDefinitions() {
        float[] x = {-3f, -1f, -0.25f, 0f, 0.3f, 2.4f, 3f};
        for (FusedActivation f : FusedActivation.values()) {
            float[] y = x.clone();
            GateMath.activate(f, y, 0, y.length);
            float[] g = {0.5f, -2f, 1f, 3f, -1f, 0.25f, 2f};
            float[] out = new float[x.length];
            GateMath.timesSlope(f, g, 0, y, 0, out, 0, x.length);
            for (int i = 0; i < x.length; i++) {
                double v = x[i];
                double expected = switch (f) {
                    case LINEAR -> v;
                    case RELU -> Math.max(v, 0);
                    case SIGMOID -> 1 / (1 + Math.exp(-v));
                    case TANH -> Math.tanh(v);
                    case HARD_SIGMOID -> Math.min(Math.max(0.2 * v + 0.5, 0), 1);
                };
                double slope = switch (f) {
                    case LINEAR -> 1;
                    case RELU -> v > 0 ? 1 : 0;
                    case SIGMOID -> expected * (1 - expected);
                    case TANH -> 1 - expected * expected;
                    case HARD_SIGMOID -> v > -2.5 && v < 2.5 ? 0.2 : 0;
                };
                assertEquals(expected, y[i], 3e-7, f + " at " + v);
                assertEquals(g[i] * slope, out[i], 1e-6, f + "'s slope at " + v);
            }
        }
    }
}
