package dev.athanor.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The hardware bound: only the matrix products one step needs, with ND4J's gemm on the same
 * shapes into preallocated outputs. Training: per Dense layer {@code X·W} forward, {@code dY·Wᵀ}
 * and {@code Xᵀ·dY} backward, except that the input layer needs no {@code dX}: 8 gemms per step.
 * Inference: the 3 forward products.
 */
final class GemmBound implements TrainingSystem {

    private final INDArray w1 = Nd4j.rand(DataType.FLOAT, Workloads.INPUTS, Workloads.HIDDEN1);
    private final INDArray w2 = Nd4j.rand(DataType.FLOAT, Workloads.HIDDEN1, Workloads.HIDDEN2);
    private final INDArray w3 = Nd4j.rand(DataType.FLOAT, Workloads.HIDDEN2, Workloads.CLASSES);
    private final INDArray dw1 = w1.ulike();
    private final INDArray dw2 = w2.ulike();
    private final INDArray dw3 = w3.ulike();
    private int batch = -1;
    private INDArray x, h1, h2, out, dh1, dh2;

    @Override
    public String name() {
        return "gemm bound";
    }

    private void shapes(int b) {
        if (b == batch) {
            return;
        }
        batch = b;
        x = Nd4j.rand(DataType.FLOAT, b, Workloads.INPUTS);
        h1 = Nd4j.create(DataType.FLOAT, b, Workloads.HIDDEN1);
        h2 = Nd4j.create(DataType.FLOAT, b, Workloads.HIDDEN2);
        out = Nd4j.create(DataType.FLOAT, b, Workloads.CLASSES);
        dh1 = h1.ulike();
        dh2 = h2.ulike();
    }

    @Override
    public void trainEpoch(Workloads.Data data, int batchSize, int epoch) {
        int n = data.size();
        for (int from = 0; from < n; from += batchSize) {
            shapes(Math.min(batchSize, n - from));
            forward();
            INDArray dOut = out; // any values: only the shapes matter
            Nd4j.gemm(h2, dOut, dw3, true, false, 1.0, 0.0);
            Nd4j.gemm(dOut, w3, dh2, false, true, 1.0, 0.0);
            Nd4j.gemm(h1, dh2, dw2, true, false, 1.0, 0.0);
            Nd4j.gemm(dh2, w2, dh1, false, true, 1.0, 0.0);
            Nd4j.gemm(x, dh1, dw1, true, false, 1.0, 0.0);
        }
    }

    private void forward() {
        Nd4j.gemm(x, w1, h1, false, false, 1.0, 0.0);
        Nd4j.gemm(h1, w2, h2, false, false, 1.0, 0.0);
        Nd4j.gemm(h2, w3, out, false, false, 1.0, 0.0);
    }

    @Override
    public void predict(Workloads.Data data, int batchSize) {
        int n = data.size();
        for (int from = 0; from < n; from += batchSize) {
            shapes(Math.min(batchSize, n - from));
            forward();
        }
    }
}
