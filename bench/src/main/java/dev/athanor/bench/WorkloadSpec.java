package dev.athanor.bench;

import java.util.Locale;

/**
 * The workloads the per-process driver ({@link Peers}) runs, with their batch, default epoch size and
 * the matrix-product work of one sample (2·m·k·n per product, summed; the physical bound is the
 * machine's peak sgemm rate divided by it). The Python peers (bench/python/peers.py) use the same
 * names, shapes, batches and sizes.
 */
enum WorkloadSpec {
    /** MLP 784-512-256-10 training, batch 128. Products: 3 forward, 3 dW, 2 dX (none for the input). */
    W1("W1 train b=128", 128, 60_000, true, 2 * mlpForward() + mlpUpperDx()),
    /** The same MLP predicting, batch 1024: the 3 forward products. */
    W2("W2 predict b=1024", 1024, 60_000, false, mlpForward()),
    /** W1 with batch 16 (per-step overhead). */
    W3("W3 train b=16", 16, 15_000, true, 2 * mlpForward() + mlpUpperDx()),
    /** Conv 28x28x1 -> C32 -> P2 -> C64 -> P2 -> D10: forward, all dW, dX of conv2 and the Dense. */
    W5("W5 conv train b=128", Workloads.CONV_BATCH, 3_200, true, convFlops()),
    /** LSTM(128) over [50, 32] -> D10: per step [x, h]·[Wx; Wh] forward, dW and dh (no dx), plus the Dense. */
    W6("W6 LSTM train b=64", Workloads.LSTM_BATCH, 2_560, true, lstmFlops()),
    /** ResNet-style block on 28x28x1, 16 filters: 3 same convs forward, all dW, dX of the upper two. */
    W7("W7 ResNet block train b=64", Workloads.RES_BATCH, 1_280, true, resnetFlops()),
    /**
     * A Transformer block on [64, 128] (MHA 4x32 + dropout + residual + LayerNormalization, feed-forward
     * 512 relu -> 128, residual + LayerNormalization, GlobalAveragePooling1D, Dense 10): its products
     * forward, every dW, every dX except the input's, and both operands of the two attention products.
     */
    W8("W8 Transformer block train b=32", Workloads.TRANSFORMER_BATCH, 640, true, transformerFlops());

    final String label;
    final int batch;
    final int defaultSamples;
    final boolean training;
    /** Matrix-product FLOPs per sample (forward, plus backward for training). */
    final long flopsPerSample;

    WorkloadSpec(String label, int batch, int defaultSamples, boolean training, long flopsPerSample) {
        this.label = label;
        this.batch = batch;
        this.defaultSamples = defaultSamples;
        this.training = training;
        this.flopsPerSample = flopsPerSample;
    }

    static WorkloadSpec of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown workload '" + name + "'; known: W1, W2, W3, W5, W6, W7, W8", e);
        }
    }

    /** 2·(784·512 + 512·256 + 256·10) = 1,070,080. */
    private static long mlpForward() {
        return 2L * (Workloads.INPUTS * Workloads.HIDDEN1 + Workloads.HIDDEN1 * Workloads.HIDDEN2
                + Workloads.HIDDEN2 * Workloads.CLASSES);
    }

    /** dX of the second and third Dense: 2·(512·256 + 256·10). */
    private static long mlpUpperDx() {
        return 2L * (Workloads.HIDDEN1 * Workloads.HIDDEN2 + Workloads.HIDDEN2 * Workloads.CLASSES);
    }

    private static long convFlops() {
        long c1 = 2L * 26 * 26 * 9 * Workloads.CONV1_FILTERS;
        long c2 = 2L * 11 * 11 * 9 * Workloads.CONV1_FILTERS * Workloads.CONV2_FILTERS;
        long d = 2L * 5 * 5 * Workloads.CONV2_FILTERS * Workloads.CLASSES;
        return 2 * (c1 + c2 + d) + c2 + d;
    }

    private static long lstmFlops() {
        long gates = 4L * Workloads.UNITS;
        long perStep = 2L * (Workloads.FEATURES + Workloads.UNITS) * gates;
        long dh = 2L * Workloads.UNITS * gates;
        long d = 2L * Workloads.UNITS * Workloads.CLASSES;
        return Workloads.STEPS * (2 * perStep + dh) + 3 * d;
    }

    private static long resnetFlops() {
        int f = Workloads.RES_FILTERS;
        long pixels = (long) Workloads.IMAGE_SIZE * Workloads.IMAGE_SIZE;
        long c0 = 2L * pixels * 9 * f;
        long c = 2L * pixels * 9 * f * f;
        long d = 2L * f * Workloads.CLASSES;
        return 2 * (c0 + 2 * c + d) + 2 * c + d;
    }

    /**
     * Per sample (T = 64, d = 128, ff = 512): projections q, k, v, o 2·T·d² each, scores q·kᵀ and
     * weights·v 2·T²·d each (all heads), feed-forward 2·T·d·ff twice, classifier 2·d·10. Training adds
     * dW of every projection, dX of all but q, k, v (their input is the data), and two products for each
     * attention product: 75,505,152.
     */
    private static long transformerFlops() {
        long t = Workloads.SEQ;
        long d = Workloads.D_MODEL;
        long proj = 2 * t * d * d;
        long attention = 2 * t * t * d;
        long ffn = 2 * t * d * Workloads.FF;
        long dense = 2 * d * Workloads.CLASSES;
        long forward = 4 * proj + 2 * attention + 2 * ffn + dense;
        return forward + 3 * proj + 2 * 2 * attention + 2 * (proj + 2 * ffn + dense);
    }
}
