package dev.athanor.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * W5's bound: only the matrix products of an im2col convolution step, with ND4J's gemm into
 * preallocated outputs (the im2col / col2im copies, pooling, activations and the optimizer are
 * not counted). With {@code b} samples per batch (valid 3x3 convolutions, 2x2 pools):
 *
 * <pre>  conv1  cols1 [b·26·26, 9]   · W1 [9, 32]      forward;  dW1 = cols1ᵀ·dY1 (no dX: the input needs none)
 *  conv2  cols2 [b·11·11, 288] · W2 [288, 64]    forward;  dW2 = cols2ᵀ·dY2, dCols2 = dY2·W2ᵀ
 *  dense  X3 [b, 1600]          · W3 [1600, 10]   forward;  dW3 = X3ᵀ·dY3,   dX3 = dY3·W3ᵀ</pre>
 *
 * 8 gemms per training step, 3 per prediction batch.
 */
final class ConvBound implements TrainingSystem {

    private static final int OUT1 = Workloads.IMAGE_SIZE - Workloads.KERNEL + 1; // 26
    private static final int POOLED1 = OUT1 / Workloads.POOL; // 13
    private static final int OUT2 = POOLED1 - Workloads.KERNEL + 1; // 11
    private static final int POOLED2 = OUT2 / Workloads.POOL; // 5
    private static final int PATCH1 = Workloads.KERNEL * Workloads.KERNEL; // 9
    private static final int PATCH2 = PATCH1 * Workloads.CONV1_FILTERS; // 288
    private static final int FLAT = POOLED2 * POOLED2 * Workloads.CONV2_FILTERS; // 1600

    private final INDArray w1 = Nd4j.rand(DataType.FLOAT, PATCH1, Workloads.CONV1_FILTERS);
    private final INDArray w2 = Nd4j.rand(DataType.FLOAT, PATCH2, Workloads.CONV2_FILTERS);
    private final INDArray w3 = Nd4j.rand(DataType.FLOAT, FLAT, Workloads.CLASSES);
    private final INDArray dw1 = w1.ulike();
    private final INDArray dw2 = w2.ulike();
    private final INDArray dw3 = w3.ulike();
    private int batch = -1;
    private INDArray cols1, y1, cols2, y2, x3, y3, dcols2, dx3;

    @Override
    public String name() {
        return "gemm bound";
    }

    private void shapes(int b) {
        if (b == batch) {
            return;
        }
        batch = b;
        cols1 = Nd4j.rand(DataType.FLOAT, (long) b * OUT1 * OUT1, PATCH1);
        y1 = Nd4j.create(DataType.FLOAT, (long) b * OUT1 * OUT1, Workloads.CONV1_FILTERS);
        cols2 = Nd4j.rand(DataType.FLOAT, (long) b * OUT2 * OUT2, PATCH2);
        y2 = Nd4j.create(DataType.FLOAT, (long) b * OUT2 * OUT2, Workloads.CONV2_FILTERS);
        x3 = Nd4j.rand(DataType.FLOAT, b, FLAT);
        y3 = Nd4j.create(DataType.FLOAT, b, Workloads.CLASSES);
        dcols2 = cols2.ulike();
        dx3 = x3.ulike();
    }

    @Override
    public void trainEpoch(Workloads.Data data, int batchSize, int epoch) {
        int n = data.size();
        for (int from = 0; from < n; from += batchSize) {
            shapes(Math.min(batchSize, n - from));
            forward();
            // Gradients reuse the forward outputs as dY: only the shapes matter.
            Nd4j.gemm(x3, y3, dw3, true, false, 1.0, 0.0);
            Nd4j.gemm(y3, w3, dx3, false, true, 1.0, 0.0);
            Nd4j.gemm(cols2, y2, dw2, true, false, 1.0, 0.0);
            Nd4j.gemm(y2, w2, dcols2, false, true, 1.0, 0.0);
            Nd4j.gemm(cols1, y1, dw1, true, false, 1.0, 0.0);
        }
    }

    private void forward() {
        Nd4j.gemm(cols1, w1, y1, false, false, 1.0, 0.0);
        Nd4j.gemm(cols2, w2, y2, false, false, 1.0, 0.0);
        Nd4j.gemm(x3, w3, y3, false, false, 1.0, 0.0);
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
