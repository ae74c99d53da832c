package dev.athanor.bench;

import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/**
 * W8's bound: only the matrix products of one Transformer-block training step (those
 * {@link WorkloadSpec#W8} counts), with ND4J on the same shapes into preallocated outputs: the
 * projections and the feed-forward as 2-D gemms over all {@code batch·T} rows, the two attention
 * products as one batched libnd4j matmul over all {@code batch·heads} (as Athanor's MultiHeadAttention
 * runs them). No softmax, normalization, dropout or optimizer: what is left when everything but the
 * products is free.
 */
final class TransformerBound implements TrainingSystem {

    private static final int T = Workloads.SEQ;
    private static final int D = Workloads.D_MODEL;
    private static final int H = Workloads.HEADS;
    private static final int KD = D / H;
    private static final int FF = Workloads.FF;
    private static final int C = Workloads.CLASSES;

    private final INDArray wq = w(D, D), wk = w(D, D), wv = w(D, D), wo = w(D, D);
    private final INDArray w1 = w(D, FF), w2 = w(FF, D), wc = w(D, C);
    private final INDArray dwq = wq.ulike(), dwk = wk.ulike(), dwv = wv.ulike(), dwo = wo.ulike();
    private final INDArray dw1 = w1.ulike(), dw2 = w2.ulike(), dwc = wc.ulike();
    private int batch = -1;
    private INDArray x, q, k, v, o, p, att, h1, h2, pooled, logits;
    private INDArray dq, dk, dv, dp, datt, dh1, dIn, dpooled;

    private static INDArray w(int rows, int cols) {
        return Nd4j.rand(DataType.FLOAT, rows, cols);
    }

    @Override
    public String name() {
        return "gemm bound";
    }

    private void shapes(int b) {
        if (b == batch) {
            return;
        }
        batch = b;
        long rows = (long) b * T;
        x = Nd4j.rand(DataType.FLOAT, rows, D);
        q = Nd4j.create(DataType.FLOAT, rows, D);
        k = q.ulike();
        v = q.ulike();
        att = q.ulike();
        o = q.ulike();
        p = Nd4j.create(DataType.FLOAT, (long) b * H, T, T);
        h1 = Nd4j.create(DataType.FLOAT, rows, FF);
        h2 = q.ulike();
        pooled = Nd4j.rand(DataType.FLOAT, b, D);
        logits = Nd4j.create(DataType.FLOAT, b, C);
        dq = q.ulike();
        dk = q.ulike();
        dv = q.ulike();
        datt = q.ulike();
        dp = p.ulike();
        dh1 = h1.ulike();
        dIn = q.ulike();
        dpooled = pooled.ulike();
    }

    /** {@code [batch·T, d]} seen as {@code [batch·heads, T, key_dim]} (only the shapes matter here). */
    private INDArray heads(INDArray a) {
        return a.reshape('c', (long) batch * H, T, KD);
    }

    private static void bmm(INDArray a, INDArray b, INDArray out, boolean ta, boolean tb) {
        Nd4j.exec(new Mmul(a, b, out, 1.0, 0.0, MMulTranspose.builder().transposeA(ta).transposeB(tb).build()));
    }

    private void forward() {
        Nd4j.gemm(x, wq, q, false, false, 1.0, 0.0);
        Nd4j.gemm(x, wk, k, false, false, 1.0, 0.0);
        Nd4j.gemm(x, wv, v, false, false, 1.0, 0.0);
        bmm(heads(q), heads(k), p, false, true);
        bmm(p, heads(v), heads(att), false, false);
        Nd4j.gemm(att, wo, o, false, false, 1.0, 0.0);
        Nd4j.gemm(o, w1, h1, false, false, 1.0, 0.0);
        Nd4j.gemm(h1, w2, h2, false, false, 1.0, 0.0);
        Nd4j.gemm(pooled, wc, logits, false, false, 1.0, 0.0);
    }

    @Override
    public void trainEpoch(Workloads.Data data, int batchSize, int epoch) {
        int n = data.size();
        for (int from = 0; from < n; from += batchSize) {
            shapes(Math.min(batchSize, n - from));
            forward();
            // backward: any values, only the shapes matter
            Nd4j.gemm(pooled, logits, dwc, true, false, 1.0, 0.0);
            Nd4j.gemm(logits, wc, dpooled, false, true, 1.0, 0.0);
            Nd4j.gemm(h1, h2, dw2, true, false, 1.0, 0.0);
            Nd4j.gemm(h2, w2, dh1, false, true, 1.0, 0.0);
            Nd4j.gemm(o, dh1, dw1, true, false, 1.0, 0.0);
            Nd4j.gemm(dh1, w1, dIn, false, true, 1.0, 0.0);
            Nd4j.gemm(att, dIn, dwo, true, false, 1.0, 0.0);
            Nd4j.gemm(dIn, wo, datt, false, true, 1.0, 0.0);
            bmm(heads(datt), heads(v), dp, false, true);
            bmm(p, heads(datt), heads(dv), true, false);
            bmm(dp, heads(k), heads(dq), false, false);
            bmm(dp, heads(q), heads(dk), true, false);
            Nd4j.gemm(x, dq, dwq, true, false, 1.0, 0.0);
            Nd4j.gemm(x, dk, dwk, true, false, 1.0, 0.0);
            Nd4j.gemm(x, dv, dwv, true, false, 1.0, 0.0);
        }
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
