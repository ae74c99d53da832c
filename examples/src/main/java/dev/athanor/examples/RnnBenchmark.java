package dev.athanor.examples;

import dev.athanor.core.NoGrad;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.layers.GRU;
import dev.athanor.core.layers.LSTM;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.layers.SimpleRNN;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A plain-main benchmark (not a test): forward and forward + backward of LSTM(32), GRU(32) and
 * SimpleRNN(32) on a float32 [32, 20, 16] batch (return_sequences=True, the loss a plain sum),
 * and the LSTM again with a Keras mask, each with the fused sequences and with the step-by-step path
 * they replaced (system property {@code athanor.rnn.stepByStep}), interleaved. Medians of interleaved rounds (the fastest in brackets: on a
 * shared machine it is the steadier figure); run with OMP_WAIT_POLICY=PASSIVE:
 * {@code mvn -q -pl examples exec:java -Dexec.mainClass=dev.athanor.examples.RnnBenchmark}.
 * PyTorch 1.13's nn.LSTM(16, 32, batch_first=True) on the same shapes is the comparison
 * (about 23-38 ms forward + backward on the project's 2-core machine).
 */
public final class RnnBenchmark {

    private static final int BATCH = 32;
    private static final int STEPS = 20;
    private static final int FEATURES = 16;
    private static final int UNITS = 32;
    /** Makes the recurrent layers take their step-by-step path (the implementation before the fused one). */
    private static final String STEP_BY_STEP = "athanor.rnn.stepByStep";

    private RnnBenchmark() {
    }

    /** Prints the figures. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, STEPS, FEATURES).subi(0.5);
        INDArray mask = Nd4j.ones(DataType.FLOAT, BATCH, STEPS);
        for (int b = 0; b < BATCH; b++) {
            for (int t = STEPS - b % 7; t < STEPS; t++) {
                mask.putScalar(b, t, 0.0);
            }
        }
        List<String> names = new ArrayList<>();
        List<Runnable> ops = new ArrayList<>();
        add(names, ops, "LSTM", () -> new LSTM(UNITS).returnSequences(true), x, null);
        add(names, ops, "LSTM, masked", () -> new LSTM(UNITS).returnSequences(true), x, mask);
        add(names, ops, "GRU", () -> new GRU(UNITS).returnSequences(true), x, null);
        add(names, ops, "SimpleRNN", () -> new SimpleRNN(UNITS).returnSequences(true), x, null);
        double[][] times = new double[ops.size()][rounds];
        for (int r = -3; r < rounds; r++) {
            for (int i = 0; i < ops.size(); i++) {
                long start = System.nanoTime();
                ops.get(i).run();
                if (r >= 0) {
                    times[i][r] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        System.out.printf(Locale.ROOT, "Recurrent layers (%d units, return_sequences) on float32 [%d, %d, %d],"
                + " median (fastest) ms:%n", UNITS, BATCH, STEPS, FEATURES);
        for (int i = 0; i < ops.size(); i++) {
            System.out.printf(Locale.ROOT, "  %-50s %s%n", names.get(i), figure(times[i]));
        }
    }

    private static void add(List<String> names, List<Runnable> ops, String label, Supplier<Layer> make, INDArray x,
                            INDArray mask) {
        Layer layer = make.get();
        List<INDArray> masks = mask == null ? null : Arrays.asList(mask);
        Tensor input = Tensor.of(x);
        layer.callOn(List.of(input), masks, false);
        Tensor xv = Tensor.variable(x);
        for (boolean stepByStep : new boolean[] {true, false}) {
            String path = stepByStep ? " (step by step)" : " (fused)";
            names.add(label + " forward" + path);
            ops.add(() -> {
                System.setProperty(STEP_BY_STEP, Boolean.toString(stepByStep));
                try (NoGrad g = NoGrad.open()) {
                    layer.callOn(List.of(input), masks, false);
                }
            });
            names.add(label + " forward + backward" + path);
            ops.add(() -> {
                System.setProperty(STEP_BY_STEP, Boolean.toString(stepByStep));
                for (Variable v : layer.trainableWeights()) {
                    v.tensor().zeroGrad();
                }
                xv.zeroGrad();
                layer.callOn(List.of(xv), masks, true).get(0).sum().backward();
            });
        }
    }

    private static String figure(double[] rounds) {
        double[] sorted = rounds.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.1f (%.1f)", sorted[sorted.length / 2], sorted[0]);
    }
}
