package dev.athanor.core.ops;

import dev.athanor.core.Tensor;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link BatchNormOps#training} for float32 with the features on the last axis (a conv feature map
 * in channels_last), in Java passes over the values viewed as {@code X [m, c]}: two passes for the
 * statistics and one for the output forward; two passes backward (the column sums of {@code dY} and
 * {@code dY·xhat}, then {@code dX}). {@code xhat} is recomputed from {@code X}, the mean and
 * {@code 1/sqrt(var + eps)} instead of kept, so a step allocates only the output and {@code dX}.
 *
 * <p>Why: the ND4J form allocated about ten fresh {@code [m, c]} arrays per layer and step; in W7's
 * profile (issue 21) allocating buffers was half of all native samples, a third of them in batch
 * normalization. Statistics are accumulated in double, so the results agree with the ND4J form to
 * float rounding.
 */
final class FusedBatchNorm {

    private FusedBatchNorm() {
    }

    /** Whether the fused form takes {@code x}: float32, features on the last axis, rows below 2^31 elements. */
    static boolean applies(INDArray x, int axis) {
        return x.dataType() == DataType.FLOAT && axis == x.rank() - 1 && x.rank() >= 2
                && x.length() < Integer.MAX_VALUE && x.length() > 0;
    }

    static BatchNormOps.Result training(Tensor x, Tensor gamma, Tensor beta, double epsilon) {
        INDArray xv = HostBlas.contiguous(x.value());
        int c = Math.toIntExact(xv.size(xv.rank() - 1));
        int m = Math.toIntExact(xv.length() / c);
        FloatBuffer in = HostBlas.floatView(xv);
        double[] mean = new double[c];
        float[] row = new float[c];
        for (int r = 0; r < m; r++) {
            in.get(r * c, row, 0, c);
            for (int j = 0; j < c; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < c; j++) {
            mean[j] /= m;
        }
        double[] var = new double[c];
        for (int r = 0; r < m; r++) {
            in.get(r * c, row, 0, c);
            for (int j = 0; j < c; j++) {
                double d = row[j] - mean[j];
                var[j] += d * d;
            }
        }
        float[] meanF = new float[c];
        float[] invStd = new float[c];
        float[] varF = new float[c];
        for (int j = 0; j < c; j++) {
            var[j] /= m;
            meanF[j] = (float) mean[j];
            varF[j] = (float) var[j];
            invStd[j] = (float) (1.0 / Math.sqrt(var[j] + epsilon));
        }
        float[] g = values(gamma, c, 1f);
        float[] b = values(beta, c, 0f);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, xv.shape());
        FloatBuffer o = HostBlas.floatView(out);
        for (int r = 0; r < m; r++) {
            in.get(r * c, row, 0, c);
            for (int j = 0; j < c; j++) {
                row[j] = g[j] * ((row[j] - meanF[j]) * invStd[j]) + b[j];
            }
            o.put(r * c, row, 0, c);
        }
        Tensor[] parents = gamma != null && beta != null ? new Tensor[] {x, gamma, beta}
                : gamma != null ? new Tensor[] {x, gamma} : beta != null ? new Tensor[] {x, beta} : new Tensor[] {x};
        Tensor output = Tensor.result(out, "batch_norm", gradOut -> {
            INDArray dyv = HostBlas.contiguous(gradOut.castTo(DataType.FLOAT));
            FloatBuffer dy = HostBlas.floatView(dyv);
            double[] sumDy = new double[c];
            double[] sumDyXhat = new double[c];
            float[] dr = new float[c];
            for (int r = 0; r < m; r++) {
                in.get(r * c, row, 0, c);
                dy.get(r * c, dr, 0, c);
                for (int j = 0; j < c; j++) {
                    float xhat = (row[j] - meanF[j]) * invStd[j];
                    sumDy[j] += dr[j];
                    sumDyXhat[j] += dr[j] * xhat;
                }
            }
            INDArray[] grads = new INDArray[parents.length];
            int k = 1;
            if (gamma != null) {
                grads[k++] = gamma.requiresGrad() ? vector(sumDyXhat, gamma.value()) : null;
            }
            if (beta != null) {
                grads[k] = beta.requiresGrad() ? vector(sumDy, beta.value()) : null;
            }
            if (x.requiresGrad()) {
                float[] meanDxhat = new float[c];
                float[] meanDxhatXhat = new float[c];
                for (int j = 0; j < c; j++) {
                    meanDxhat[j] = (float) (g[j] * sumDy[j] / m);
                    meanDxhatXhat[j] = (float) (g[j] * sumDyXhat[j] / m);
                }
                INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, xv.shape());
                FloatBuffer dxb = HostBlas.floatView(dx);
                for (int r = 0; r < m; r++) {
                    in.get(r * c, row, 0, c);
                    dy.get(r * c, dr, 0, c);
                    for (int j = 0; j < c; j++) {
                        float xhat = (row[j] - meanF[j]) * invStd[j];
                        dr[j] = (dr[j] * g[j] - meanDxhat[j] - xhat * meanDxhatXhat[j]) * invStd[j];
                    }
                    dxb.put(r * c, dr, 0, c);
                }
                grads[0] = dx;
            }
            return grads;
        }, parents);
        return new BatchNormOps.Result(output, Nd4j.createFromArray(meanF), Nd4j.createFromArray(varF));
    }

    /** A {@code [c]} parameter as floats, or {@code fill} when absent. */
    private static float[] values(Tensor t, int c, float fill) {
        float[] out = new float[c];
        if (t == null) {
            java.util.Arrays.fill(out, fill);
            return out;
        }
        double[] v = HostArrays.read(t.value());
        for (int j = 0; j < c; j++) {
            out[j] = (float) v[j];
        }
        return out;
    }

    /** A column sum as an array shaped and typed like {@code like}. */
    private static INDArray vector(double[] sums, INDArray like) {
        return HostArrays.write(sums, like.shape(), like.dataType());
    }
}
