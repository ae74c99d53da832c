package dev.athanor.core.ops.rnn;

import dev.athanor.core.ops.FusedActivation;

/**
 * The recurrent kernels' element-wise math in float32 over Java arrays, one activation per loop so
 * that each loop is a straight run of arithmetic the JIT turns into SIMD code: per time step an
 * LSTM evaluates five activations on every {@code [batch, units]} cell, which as scalar
 * {@code Math.exp} calls cost more than the step's gemm.
 *
 * <p>tanh is a rational approximation (numerator of degree 13, denominator of degree 6, the input
 * clamped to ±7.9053: the form of Eigen's {@code generic_fast_tanh_float}), accurate to 4e-7
 * absolute over all floats; the sigmoid is {@code 0.5 + 0.5·tanh(x/2)}, accurate to 2.3e-7
 * absolute (relative accuracy is lost only for outputs below 1e-7, where the gates are off anyway).
 * Derivatives are taken from the activation's output, as {@link FusedActivation#derivative} does.
 */
final class GateMath {

    private static final float CLAMP = 7.90531110763549805f;
    private static final float A1 = 4.89352455891786e-03f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B6 = 1.19825839466702e-06f;

    private GateMath() {
    }

    /** tanh of one float (the rational form above). */
    static float tanh(float v) {
        float x = Math.max(-CLAMP, Math.min(CLAMP, v));
        float x2 = x * x;
        float p = x2 * A13 + A11;
        p = x2 * p + A9;
        p = x2 * p + A7;
        p = x2 * p + A5;
        p = x2 * p + A3;
        p = x2 * p + A1;
        p = x * p;
        float q = x2 * B6 + B4;
        q = x2 * q + B2;
        q = x2 * q + B0;
        return p / q;
    }

    /** The sigmoid of one float, {@code 0.5 + 0.5·tanh(x/2)}. */
    static float sigmoid(float v) {
        return 0.5f + 0.5f * tanh(0.5f * v);
    }

    /** {@code a[off, off+n)} replaced by its activation. */
    static void activate(FusedActivation f, float[] a, int off, int n) {
        int end = off + n;
        switch (f) {
            case LINEAR -> { }
            case TANH -> {
                for (int i = off; i < end; i++) {
                    a[i] = tanh(a[i]);
                }
            }
            case SIGMOID -> {
                for (int i = off; i < end; i++) {
                    a[i] = sigmoid(a[i]);
                }
            }
            case RELU -> {
                for (int i = off; i < end; i++) {
                    a[i] = Math.max(a[i], 0f);
                }
            }
            case HARD_SIGMOID -> {
                // As ActivationOps.hardSigmoid: clip(0.2 x + 0.5, 0, 1).
                for (int i = off; i < end; i++) {
                    a[i] = Math.min(Math.max(a[i] * 0.2f + 0.5f, 0f), 1f);
                }
            }
            default -> throw new IllegalStateException(f.name());
        }
    }

    /** {@code out[o + i] = activation(x[xo + i])} for {@code i < n}. */
    static void activate(FusedActivation f, float[] x, int xo, float[] out, int o, int n) {
        System.arraycopy(x, xo, out, o, n);
        activate(f, out, o, n);
    }

    /**
     * {@code out[o + i] = g[go + i] · slope(y[yo + i])}: a gradient times the activation's derivative,
     * taken from its output {@code y} (0 at relu's kink and hard_sigmoid's clip edges, as
     * {@link FusedActivation#derivative}).
     */
    static void timesSlope(FusedActivation f, float[] g, int go, float[] y, int yo, float[] out, int o, int n) {
        switch (f) {
            case LINEAR -> System.arraycopy(g, go, out, o, n);
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    float v = y[yo + i];
                    out[o + i] = g[go + i] * (1f - v * v);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    float v = y[yo + i];
                    out[o + i] = g[go + i] * (v * (1f - v));
                }
            }
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = y[yo + i] > 0f ? g[go + i] : 0f;
                }
            }
            case HARD_SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    float v = y[yo + i];
                    out[o + i] = v > 0f && v < 1f ? 0.2f * g[go + i] : 0f;
                }
            }
            default -> throw new IllegalStateException(f.name());
        }
    }
}
