package dev.athanor.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * W6's bound: only the per-time-step matrix products of an LSTM step (all four gates in one gemm)
 * and the Dense head, with ND4J's gemm into preallocated outputs (gate activations, the cell
 * update and the optimizer are not counted). With {@code b} samples, T = 50 steps, 32 features,
 * 128 units (4·128 = 512 gate columns):
 *
 * <pre>  per step, forward   z_t  = x_t [b, 32]·Wx [32, 512] + h_{t-1} [b, 128]·Wh [128, 512]   (2 gemms, the second accumulates)
 *  per step, backward  dWx += x_tᵀ·dz_t,  dWh += h_{t-1}ᵀ·dz_t,  dh_{t-1} = dz_t·Whᵀ     (3 gemms; no dx: the input needs none)
 *  dense               [b, 128]·[128, 10] forward, dW and dh backward                  (3 gemms)</pre>
 *
 * 5·T + 3 = 253 gemms per training step; 2·T + 1 per prediction batch.
 */
final class LstmBound implements TrainingSystem {

    private static final int GATES = 4 * Workloads.UNITS;

    private final INDArray wx = Nd4j.rand(DataType.FLOAT, Workloads.FEATURES, GATES);
    private final INDArray wh = Nd4j.rand(DataType.FLOAT, Workloads.UNITS, GATES);
    private final INDArray wd = Nd4j.rand(DataType.FLOAT, Workloads.UNITS, Workloads.CLASSES);
    private final INDArray dwx = wx.ulike();
    private final INDArray dwh = wh.ulike();
    private final INDArray dwd = wd.ulike();
    private int batch = -1;
    private INDArray[] xs, hs;
    private INDArray z, dz, dh, out;

    @Override
    public String name() {
        return "gemm bound";
    }

    private void shapes(int b) {
        if (b == batch) {
            return;
        }
        batch = b;
        // One contiguous [b, 32] input and [b, 128] state per step, like the slices a real LSTM reads.
        xs = new INDArray[Workloads.STEPS];
        hs = new INDArray[Workloads.STEPS + 1];
        for (int t = 0; t < Workloads.STEPS; t++) {
            xs[t] = Nd4j.rand(DataType.FLOAT, b, Workloads.FEATURES);
        }
        for (int t = 0; t <= Workloads.STEPS; t++) {
            hs[t] = Nd4j.rand(DataType.FLOAT, b, Workloads.UNITS);
        }
        z = Nd4j.create(DataType.FLOAT, b, GATES);
        dz = Nd4j.rand(DataType.FLOAT, b, GATES);
        dh = Nd4j.create(DataType.FLOAT, b, Workloads.UNITS);
        out = Nd4j.create(DataType.FLOAT, b, Workloads.CLASSES);
    }

    @Override
    public void trainEpoch(Workloads.Data data, int batchSize, int epoch) {
        int n = data.size();
        for (int from = 0; from < n; from += batchSize) {
            shapes(Math.min(batchSize, n - from));
            forward();
            INDArray dOut = out; // any values: only the shapes matter
            Nd4j.gemm(hs[Workloads.STEPS], dOut, dwd, true, false, 1.0, 0.0);
            Nd4j.gemm(dOut, wd, dh, false, true, 1.0, 0.0);
            for (int t = Workloads.STEPS - 1; t >= 0; t--) {
                double beta = t == Workloads.STEPS - 1 ? 0.0 : 1.0;
                Nd4j.gemm(xs[t], dz, dwx, true, false, 1.0, beta);
                Nd4j.gemm(hs[t], dz, dwh, true, false, 1.0, beta);
                Nd4j.gemm(dz, wh, dh, false, true, 1.0, 0.0);
            }
        }
    }

    private void forward() {
        for (int t = 0; t < Workloads.STEPS; t++) {
            Nd4j.gemm(xs[t], wx, z, false, false, 1.0, 0.0);
            Nd4j.gemm(hs[t], wh, z, false, false, 1.0, 1.0);
        }
        Nd4j.gemm(hs[Workloads.STEPS], wd, out, false, false, 1.0, 0.0);
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
