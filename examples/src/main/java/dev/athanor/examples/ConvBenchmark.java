package dev.athanor.examples;

import dev.athanor.core.NoGrad;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Conv2D;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A plain-main benchmark (not a test): one Conv2D(16, 3x3, same) forward and forward + backward on a
 * float32 [32, 28, 28, 16] batch, against libnd4j's bare conv2d and conv2d + conv2d_bp. Medians of
 * repeated rounds, interleaved (the fastest round in brackets: on a shared machine it is the steadier
 * figure); run with OMP_WAIT_POLICY=PASSIVE:
 * {@code mvn -q -pl examples exec:java -Dexec.mainClass=dev.athanor.examples.ConvBenchmark}.
 */
public final class ConvBenchmark {

    private ConvBenchmark() {
    }

    /** Prints the figures. */
    public static void main(String[] args) {
        INDArray x = Nd4j.rand(DataType.FLOAT, 32, 28, 28, 16);
        Conv2D conv = new Conv2D(16, 3).padding("same");
        conv.ensureBuilt(List.of(new long[] {-1, 28, 28, 16}));
        Tensor input = Tensor.of(x);
        INDArray k = conv.kernel().value();
        INDArray b = conv.bias().value();
        int[] iArgs = {3, 3, 1, 1, 0, 0, 1, 1, 1, 1, 0};
        INDArray out = Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, k, b).addIntegerArguments(iArgs)
                .build())[0];
        Runnable bareForward = () -> Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, k, b)
                .addIntegerArguments(iArgs).build());
        Runnable bareBoth = () -> {
            Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(x, k, b).addIntegerArguments(iArgs).build());
            Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(x, k, b, out).addIntegerArguments(iArgs).build());
        };
        Runnable forward = () -> {
            try (NoGrad g = NoGrad.open()) {
                conv.applyAll(input);
            }
        };
        Tensor xv = Tensor.variable(x);
        Runnable both = () -> {
            conv.kernel().zeroGrad();
            conv.bias().zeroGrad();
            xv.zeroGrad();
            conv.apply(xv).sum().backward();
        };
        List<Runnable> ops = List.of(forward, bareForward, both, bareBoth);
        double[][] rounds = new double[ops.size()][15];
        for (int r = -3; r < rounds[0].length; r++) {
            for (int i = 0; i < ops.size(); i++) {
                long start = System.nanoTime();
                ops.get(i).run();
                if (r >= 0) {
                    rounds[i][r] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        System.out.printf(Locale.ROOT, "Conv2D(16, 3x3, same) on %s float32, median (fastest) ms:%n",
                Arrays.toString(x.shape()));
        System.out.printf(Locale.ROOT, "  forward: Athanor %s, bare libnd4j conv2d %s%n", figure(rounds[0]),
                figure(rounds[1]));
        System.out.printf(Locale.ROOT, "  forward + backward (input, kernel, bias gradients): Athanor %s,"
                + " bare libnd4j conv2d + conv2d_bp %s%n", figure(rounds[2]), figure(rounds[3]));
    }

    private static String figure(double[] rounds) {
        double[] sorted = rounds.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.1f (%.1f)", sorted[sorted.length / 2], sorted[0]);
    }
}
