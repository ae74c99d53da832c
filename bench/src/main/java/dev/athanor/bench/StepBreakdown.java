package dev.athanor.bench;

import dev.athanor.core.Loss;
import dev.athanor.core.Model;
import dev.athanor.core.Sequential;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.layers.Dense;
import dev.athanor.losses.Losses;
import dev.athanor.optimizers.Adam;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where one W1 training step's time goes in Athanor (forward, loss, backward, optimizer) next to
 * the gemm bound of the same step: the tool for the performance pass, not part of the table.
 * Medians over rounds of repeated steps. Arguments: batch sizes (default 128 16).
 */
public final class StepBreakdown {

    private StepBreakdown() {
    }

    /** Prints the breakdown per batch size. */
    public static void main(String[] args) {
        int[] batches = args.length == 0 ? new int[] {128, 16} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("at start: " + MachineFacts.load());
        for (int b : batches) {
            run(b);
        }
        System.out.println("at end: " + MachineFacts.load());
    }

    private static void run(int batch) {
        Sequential model = new Sequential();
        model.add(new Dense(Workloads.HIDDEN1).activation("relu").inputDim(Workloads.INPUTS));
        model.add(new Dense(Workloads.HIDDEN2).activation("relu"));
        model.add(new Dense(Workloads.CLASSES).activation("softmax"));
        Adam adam = new Adam().learningRate(Workloads.LEARNING_RATE);
        Loss loss = Losses.get("categorical_crossentropy");
        Workloads.Data data = Workloads.synthetic(batch, 3);
        List<Variable> vars = model.trainableVariables();
        GemmBound bound = new GemmBound();
        int steps = Math.max(50, 12_800 / batch);
        int rounds = 7;
        double[][] t = new double[7][rounds];
        for (int r = -2; r < rounds; r++) {
            long fwd = 0, lss = 0, bwd = 0, opt = 0;
            long c0 = cpu();
            for (int s = 0; s < steps; s++) {
                for (Variable v : vars) {
                    v.zeroGrad();
                }
                long t0 = System.nanoTime();
                Tensor out = model.call(List.of(Tensor.of(data.x())), true).get(0);
                long t1 = System.nanoTime();
                Tensor l = loss.call(Tensor.of(data.y()), out).mean();
                long t2 = System.nanoTime();
                l.backward();
                long t3 = System.nanoTime();
                adam.apply(vars);
                long t4 = System.nanoTime();
                fwd += t1 - t0;
                lss += t2 - t1;
                bwd += t3 - t2;
                opt += t4 - t3;
            }
            long athanorCpu = cpu() - c0;
            long gc0 = cpu();
            long g0 = System.nanoTime();
            bound.trainEpoch(data, batch, 0);
            for (int s = 1; s < steps; s++) {
                bound.trainEpoch(data, batch, 0);
            }
            long gemm = System.nanoTime() - g0;
            long gemmCpu = cpu() - gc0;
            if (r >= 0) {
                t[0][r] = fwd / 1e3 / steps;
                t[1][r] = lss / 1e3 / steps;
                t[2][r] = bwd / 1e3 / steps;
                t[3][r] = opt / 1e3 / steps;
                t[4][r] = gemm / 1e3 / steps;
                t[5][r] = athanorCpu / 1e3 / steps;
                t[6][r] = gemmCpu / 1e3 / steps;
            }
        }
        double f = median(t[0]), ls = median(t[1]), bw = median(t[2]), op = median(t[3]), g = median(t[4]);
        double ac = median(t[5]), gc = median(t[6]);
        System.out.printf(Locale.ROOT, "batch %d (%s): wall us per step: forward %.0f, loss %.0f, backward %.0f,"
                        + " optimizer %.0f, total %.0f; gemm bound %.0f (bound/total %.2f)."
                        + " Process CPU us per step: Athanor %.0f, gemm bound %.0f (%.2f)%n", batch, MachineFacts.load(),
                f, ls, bw, op, f + ls + bw + op, g, g / (f + ls + bw + op), ac, gc, gc / ac);
    }

    /** CPU time of the whole process (all threads: ours, OpenMP's, the JIT's and the GC's). */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(double[] a) {
        double[] c = a.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

}
