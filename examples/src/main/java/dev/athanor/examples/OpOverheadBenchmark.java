package dev.athanor.examples;

import dev.athanor.core.NoGrad;
import dev.athanor.core.Tensor;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A plain-main benchmark (not a test): ND4J backend start-up time, and the cost of one Tensor op
 * (with and without graph recording) against the bare ND4J call it wraps. Medians of repeated
 * rounds; run with OMP_WAIT_POLICY=PASSIVE as the README says.
 */
public final class OpOverheadBenchmark {

    private OpOverheadBenchmark() {
    }

    /** Prints the figures. */
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        Nd4j.create(1);
        System.out.printf(Locale.ROOT, "ND4J backend start-up: %.2f s%n", (System.nanoTime() - t0) / 1e9);
        for (long[] shape : new long[][] {{16, 16}, {128, 512}}) {
            INDArray a = Nd4j.rand(DataType.FLOAT, shape);
            INDArray b = Nd4j.rand(DataType.FLOAT, shape);
            Tensor ta = Tensor.of(a);
            Tensor tb = Tensor.of(b);
            Tensor va = Tensor.variable(a);
            int n = shape[0] == 16 ? 20_000 : 2_000;
            double bare = median(() -> a.mul(b), n);
            double constant;
            try (NoGrad g = NoGrad.open()) {
                constant = median(() -> ta.mul(tb), n);
            }
            double recorded = median(() -> va.mul(tb), n);
            System.out.printf(Locale.ROOT, "mul %s: bare ND4J %.2f us, Tensor (no grad) %.2f us (+%.2f), "
                    + "Tensor recording %.2f us (+%.2f)%n", Arrays.toString(shape), bare, constant, constant - bare,
                    recorded, recorded - bare);
        }
    }

    private static double median(Runnable op, int n) {
        double[] rounds = new double[7];
        for (int r = 0; r < rounds.length; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                op.run();
            }
            rounds[r] = (System.nanoTime() - start) / 1e3 / n;
        }
        Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }
}
