package dev.athanor.core.ops;

import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Training-mode batch normalization as one fused autodiff op: the features on {@code axis}, the
 * statistics over every other axis (for a conv feature map {@code [n, h, w, c]}: over n, h and w).
 * The values are viewed as a matrix {@code X [m, c]} (the feature axis moved last), so every
 * statistic is a column reduction and every broadcast a native row-vector op. With
 * {@code xhat = (X - mean) / sqrt(var + eps)} (var the biased batch variance):
 *
 * <pre>
 *   Y      = gamma * xhat + beta
 *   dbeta  = sum_rows dY,   dgamma = sum_rows dY * xhat
 *   dX     = (dxhat - mean_rows dxhat - xhat * mean_rows(dxhat * xhat)) / sqrt(var + eps),   dxhat = dY * gamma
 * </pre>
 *
 * (the standard batch-norm gradient, with the batch statistics differentiated too, as Keras's graph does).
 */
public final class BatchNormOps {

    private BatchNormOps() {
    }

    /** The result of {@link #training}: the output and the batch mean and variance ({@code [c]}). */
    public record Result(Tensor output, INDArray mean, INDArray variance) {
    }

    /**
     * Normalizes {@code x} with its own batch statistics over every axis but {@code axis}.
     *
     * @param gamma {@code [c]} scale, or null
     * @param beta {@code [c]} offset, or null
     */
    public static Result training(Tensor x, Tensor gamma, Tensor beta, int axis, double epsilon) {
        if (FusedBatchNorm.applies(x.value(), Shapes.axis(axis, x.value().rank()))) {
            return FusedBatchNorm.training(x, gamma, beta, epsilon);
        }
        return generic(x, gamma, beta, axis, epsilon);
    }

    /** The ND4J form: any type and axis (float32 on the last axis goes to {@link FusedBatchNorm}). */
    static Result generic(Tensor x, Tensor gamma, Tensor beta, int axis, double epsilon) {
        INDArray xv = x.value();
        int rank = xv.rank();
        int ax = Shapes.axis(axis, rank);
        int[] toLast = new int[rank];
        int[] fromLast = new int[rank];
        for (int i = 0, k = 0; i < rank; i++) {
            if (i != ax) {
                toLast[k++] = i;
            }
        }
        toLast[rank - 1] = ax;
        for (int i = 0; i < rank; i++) {
            fromLast[toLast[i]] = i;
        }
        boolean last = ax == rank - 1;
        INDArray moved = last ? ConvOps.contiguous(xv) : xv.permute(toLast).dup('c');
        long c = xv.size(ax);
        long[] movedShape = moved.shape();
        INDArray m = moved.reshape(moved.length() / c, c);
        INDArray mean = m.mean(0);
        INDArray centered = m.subRowVector(mean);
        INDArray variance = centered.mul(centered).mean(0);
        INDArray invStd = Transforms.pow(variance.add(epsilon), -0.5, false);
        INDArray xhat = centered.muliRowVector(invStd);
        INDArray gv = gamma == null ? null : gamma.value().reshape(c).castTo(xv.dataType());
        INDArray bv = beta == null ? null : beta.value().reshape(c).castTo(xv.dataType());
        INDArray y = gv == null ? xhat.dup() : xhat.mulRowVector(gv);
        if (bv != null) {
            y.addiRowVector(bv);
        }
        INDArray out = restore(y, movedShape, fromLast, last);
        Tensor[] parents = parents(x, gamma, beta);
        Tensor output = Tensor.result(out, "batch_norm", gradOut -> {
            INDArray gm = gradOut.castTo(xv.dataType());
            INDArray dy = (last ? ConvOps.contiguous(gm) : gm.permute(toLast).dup('c')).reshape(m.shape());
            INDArray[] grads = new INDArray[parents.length];
            int k = 1;
            if (gamma != null) {
                grads[k++] = gamma.requiresGrad() ? dy.mul(xhat).sum(0).reshape(gamma.value().shape())
                        .castTo(gamma.value().dataType()) : null;
            }
            if (beta != null) {
                grads[k] = beta.requiresGrad() ? dy.sum(0).reshape(beta.value().shape())
                        .castTo(beta.value().dataType()) : null;
            }
            if (x.requiresGrad()) {
                INDArray dxhat = gv == null ? dy : dy.mulRowVector(gv);
                INDArray projection = dxhat.mul(xhat).mean(0);
                INDArray dx = dxhat.subRowVector(dxhat.mean(0)).subi(xhat.mulRowVector(projection))
                        .muliRowVector(invStd);
                grads[0] = restore(dx, movedShape, fromLast, last);
            }
            return grads;
        }, parents);
        return new Result(output, mean, variance);
    }

    private static INDArray restore(INDArray matrix, long[] movedShape, int[] fromLast, boolean last) {
        INDArray shaped = matrix.reshape(movedShape);
        return last ? shaped : shaped.permute(fromLast).dup('c');
    }

    private static Tensor[] parents(Tensor x, Tensor gamma, Tensor beta) {
        if (gamma != null && beta != null) {
            return new Tensor[] {x, gamma, beta};
        }
        if (gamma != null) {
            return new Tensor[] {x, gamma};
        }
        return beta != null ? new Tensor[] {x, beta} : new Tensor[] {x};
    }
}
