package dev.athanor.core.ops;

import dev.athanor.core.Internal;

import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Sum, mean, max and logSumExp over axes, and their gradients. */
@Internal
public final class ReductionOps {

    private ReductionOps() {
    }

    private static int[] resolve(int[] axes, int rank) {
        if (axes == null) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = Shapes.axis(axes[i], rank);
        }
        return out;
    }

    /** Shape of the reduction kept with ones at reduced axes, for broadcasting the gradient back. */
    private static long[] keptShape(long[] shape, int[] axes) {
        long[] kept = shape.clone();
        for (int a : axes) {
            kept[a] = 1;
        }
        return kept;
    }

    public static Tensor sum(Tensor t, int[] axes, boolean keepDims) {
        INDArray x = t.value();
        if (x.rank() == 0) {
            return Tensor.result(x.dup(), "sum", g -> new INDArray[] {g}, t);
        }
        int[] ax = resolve(axes, x.rank());
        INDArray out = x.sum(keepDims, ax);
        long[] kept = keptShape(x.shape(), ax);
        return Tensor.result(out, "sum",
                g -> new INDArray[] {g.reshape(kept).broadcast(x.shape()).dup()}, t);
    }

    public static Tensor mean(Tensor t, int[] axes, boolean keepDims) {
        INDArray x = t.value();
        if (x.rank() == 0) {
            return Tensor.result(x.dup(), "mean", g -> new INDArray[] {g}, t);
        }
        int[] ax = resolve(axes, x.rank());
        long n = 1;
        for (int a : ax) {
            n *= x.size(a);
        }
        double scale = 1.0 / n;
        INDArray out = x.mean(keepDims, ax);
        long[] kept = keptShape(x.shape(), ax);
        return Tensor.result(out, "mean", g -> new INDArray[] {g.length() == 1
                // the usual case, a loss's mean: one fill instead of broadcast + multiply
                ? Nd4j.valueArrayOf(x.shape(), g.getDouble(0) * scale, g.dataType())
                : g.reshape(kept).broadcast(x.shape()).mul(scale)}, t);
    }

    public static Tensor max(Tensor t, int[] axes, boolean keepDims) {
        INDArray x = t.value();
        int[] ax = resolve(axes, x.rank());
        INDArray keptMax = x.max(true, ax);
        INDArray out = keepDims ? keptMax : keptMax.reshape(x.max(false, ax).shape());
        return Tensor.result(out, "max", g -> {
            INDArray mask = x.eq(keptMax.broadcast(x.shape())).castTo(g.dataType());
            mask.divi(mask.sum(true, ax));
            return new INDArray[] {mask.muli(g.reshape(keptMax.shape()))};
        }, t);
    }

    public static Tensor logSumExp(Tensor t, int axis, boolean keepDims) {
        INDArray x = t.value();
        int ax = Shapes.axis(axis, x.rank());
        INDArray m = x.max(true, ax);
        INDArray kept = Transforms.log(Transforms.exp(x.sub(m), false).sum(true, ax), false).addi(m);
        INDArray out = keepDims ? kept : kept.reshape(x.sum(false, ax).shape());
        return Tensor.result(out, "logsumexp", g -> {
            INDArray soft = Transforms.exp(x.sub(kept), false);
            return new INDArray[] {soft.muli(g.reshape(kept.shape()))};
        }, t);
    }
}
