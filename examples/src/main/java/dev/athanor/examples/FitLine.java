package dev.athanor.examples;

import dev.athanor.core.Tensor;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The README's main job until the CLI exists: fit y = 3x + 2 twice — once with bare Tensor ops
 * and hand-written gradient descent, once with a Keras-style Sequential model — and report the
 * fitted parameters and the time ND4J's native backend took to start.
 */
public final class FitLine {

    private FitLine() {
    }

    /** Runs the example; prints to standard output. */
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        Nd4j.create(1); // loads ND4J's native backend
        double startup = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "ND4J backend started in %.2f s%n", startup);

        float[] xs = new float[64];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = -1f + 2f * i / (xs.length - 1);
        }
        INDArray x = Nd4j.create(xs, new long[] {64, 1}, 'c');
        INDArray y = x.mul(3.0).addi(2.0);

        // 1. Autodiff by hand: w and b are leaves that collect gradients.
        Tensor w = Tensor.variable(Nd4j.zeros(DataType.FLOAT, 1, 1));
        Tensor b = Tensor.variable(Nd4j.zeros(DataType.FLOAT, 1));
        for (int step = 0; step < 300; step++) {
            Tensor loss = Tensor.of(x).matmul(w).add(b).sub(Tensor.of(y)).square().mean();
            w.zeroGrad();
            b.zeroGrad();
            loss.backward();
            w.value().subi(w.grad().mul(0.1));
            b.value().subi(b.grad().mul(0.1));
        }
        System.out.printf(Locale.ROOT, "Tensor ops + gradient descent: w=%.4f b=%.4f (true 3, 2)%n",
                w.value().getDouble(0), b.value().getDouble(0));

        // 2. The same with a model, as a Keras user writes it.
        dev.athanor.core.Sequential model = new dev.athanor.core.Sequential();
        model.add(new dev.athanor.core.layers.Dense(1).inputDim(1));
        model.compile("sgd", "mse");
        var history = model.fit(x, y, new dev.athanor.core.FitOptions().epochs(100).batchSize(16).verbose(0));
        INDArray kernel = model.getWeights().get(0);
        INDArray bias = model.getWeights().get(1);
        System.out.printf(Locale.ROOT, "Sequential + SGD, 100 epochs: w=%.4f b=%.4f, final loss %.2e%n",
                kernel.getDouble(0), bias.getDouble(0), history.history().get("loss").get(99));
    }
}
