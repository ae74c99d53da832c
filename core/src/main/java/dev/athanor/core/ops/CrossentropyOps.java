package dev.athanor.core.ops;

import dev.athanor.core.Internal;

import dev.athanor.core.Tensor;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Softmax crossentropy from logits over the last axis, {@code -sum(target * log_softmax(logits))},
 * as one recorded op computed in Java. It replaces about a dozen small ND4J ops forward and as many
 * backward (max, subtract, exp, sum, log, multiply, sum, negate, and their gradients), each of which
 * costs more in JNI overhead than the whole computation on a {@code [batch, classes]} array. The
 * gradient is {@code g * (softmax * sum(target) - target)}, i.e. {@code p - y} for one-hot targets.
 */
@Internal
public final class CrossentropyOps {

    private CrossentropyOps() {
    }

    /** Whether the fused form applies: same shapes, rank >= 1, floating point. */
    public static boolean applies(Tensor target, Tensor logits) {
        INDArray x = logits.value();
        return x.rank() >= 1 && x.dataType().isFPType() && target.value().dataType() == x.dataType()
                && Arrays.equals(x.shape(), target.value().shape()) && x.length() > 0;
    }

    public static Tensor softmaxCrossentropy(Tensor target, Tensor logits) {
        INDArray xv = logits.value();
        long[] shape = xv.shape();
        int classes = Math.toIntExact(shape[shape.length - 1]);
        int rows = Math.toIntExact(xv.length() / classes);
        double[] x = HostArrays.read(xv);
        double[] y = HostArrays.read(target.value());
        double[] logp = new double[x.length];
        double[] loss = new double[rows];
        for (int r = 0; r < rows; r++) {
            int o = r * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, x[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                sum += Math.exp(x[o + j] - max);
            }
            double lse = max + Math.log(sum);
            double l = 0;
            for (int j = 0; j < classes; j++) {
                double lp = x[o + j] - lse;
                logp[o + j] = lp;
                l -= y[o + j] * lp;
            }
            loss[r] = l;
        }
        INDArray out = HostArrays.write(loss, Arrays.copyOf(shape, shape.length - 1), xv.dataType());
        return Tensor.result(out, "softmax_crossentropy", g -> {
            double[] gr = HostArrays.read(g);
            double[] dx = logits.requiresGrad() ? new double[x.length] : null;
            double[] dy = target.requiresGrad() ? new double[x.length] : null;
            for (int r = 0; r < rows; r++) {
                int o = r * classes;
                double sumY = 0;
                for (int j = 0; j < classes; j++) {
                    sumY += y[o + j];
                }
                for (int j = 0; j < classes; j++) {
                    if (dx != null) {
                        dx[o + j] = gr[r] * (Math.exp(logp[o + j]) * sumY - y[o + j]);
                    }
                    if (dy != null) {
                        dy[o + j] = -gr[r] * logp[o + j];
                    }
                }
            }
            return new INDArray[] {
                dy == null ? null : HostArrays.write(dy, shape, xv.dataType()),
                dx == null ? null : HostArrays.write(dx, shape, xv.dataType())};
        }, target, logits);
    }
}
