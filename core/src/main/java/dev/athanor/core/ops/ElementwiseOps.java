package dev.athanor.core.ops;

import dev.athanor.core.Internal;

import dev.athanor.core.Tensor;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Broadcasting binary ops and their gradients. */
@Internal
public final class ElementwiseOps {

    private ElementwiseOps() {
    }

    private static void checkBroadcast(INDArray a, INDArray b) {
        Broadcasting.shapeOf(a.shape(), b.shape()); // a clear error before ND4J's
    }

    public static Tensor add(Tensor a, Tensor b) {
        INDArray av = a.value(), bv = b.value();
        checkBroadcast(av, bv);
        return Tensor.result(av.add(bv), "add",
                g -> new INDArray[] {Broadcasting.reduceTo(g, av.shape()), Broadcasting.reduceTo(g, bv.shape())},
                a, b);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        INDArray av = a.value(), bv = b.value();
        checkBroadcast(av, bv);
        return Tensor.result(av.sub(bv), "sub",
                g -> new INDArray[] {Broadcasting.reduceTo(g, av.shape()),
                        b.requiresGrad() ? Broadcasting.reduceTo(g.neg(), bv.shape()) : null},
                a, b);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        INDArray av = a.value(), bv = b.value();
        checkBroadcast(av, bv);
        return Tensor.result(av.mul(bv), "mul",
                g -> new INDArray[] {
                    a.requiresGrad() ? Broadcasting.reduceTo(g.mul(bv), av.shape()) : null,
                    b.requiresGrad() ? Broadcasting.reduceTo(g.mul(av), bv.shape()) : null},
                a, b);
    }

    public static Tensor div(Tensor a, Tensor b) {
        INDArray av = a.value(), bv = b.value();
        checkBroadcast(av, bv);
        INDArray out = av.div(bv);
        return Tensor.result(out, "div",
                g -> new INDArray[] {
                    a.requiresGrad() ? Broadcasting.reduceTo(g.div(bv), av.shape()) : null,
                    b.requiresGrad() ? Broadcasting.reduceTo(g.mul(out).div(bv).negi(), bv.shape()) : null},
                a, b);
    }

    public static Tensor addScalar(Tensor a, double c) {
        return Tensor.result(a.value().add(c), "add", g -> new INDArray[] {g}, a);
    }

    public static Tensor rsubScalar(Tensor a, double c) {
        return Tensor.result(a.value().rsub(c), "rsub", g -> new INDArray[] {g.neg()}, a);
    }

    public static Tensor mulScalar(Tensor a, double c) {
        return Tensor.result(a.value().mul(c), "mul", g -> new INDArray[] {g.mul(c)}, a);
    }

    public static Tensor maximum(Tensor a, Tensor b) {
        INDArray av = a.value(), bv = b.value();
        checkBroadcast(av, bv);
        INDArray out = Transforms.max(av, bv, true);
        return Tensor.result(out, "maximum", g -> {
            INDArray aWins = av.sub(bv).gte(0).castTo(g.dataType());
            return new INDArray[] {
                Broadcasting.reduceTo(g.mul(aWins), av.shape()),
                Broadcasting.reduceTo(g.mul(aWins.rsub(1.0)), bv.shape())};
        }, a, b);
    }

    public static Tensor minimum(Tensor a, Tensor b) {
        INDArray av = a.value(), bv = b.value();
        checkBroadcast(av, bv);
        INDArray out = Transforms.min(av, bv, true);
        return Tensor.result(out, "minimum", g -> {
            INDArray aWins = av.sub(bv).lte(0).castTo(g.dataType());
            return new INDArray[] {
                Broadcasting.reduceTo(g.mul(aWins), av.shape()),
                Broadcasting.reduceTo(g.mul(aWins.rsub(1.0)), bv.shape())};
        }, a, b);
    }

    /** Zero gradient outside [lo, hi], pass-through inside (inclusive), as tf.clip_by_value. */
    public static Tensor clip(Tensor a, double lo, double hi) {
        INDArray av = a.value();
        INDArray out = av.dup();
        if (lo > Double.NEGATIVE_INFINITY) {
            Transforms.max(out, lo, false);
        }
        if (hi < Double.POSITIVE_INFINITY) {
            Transforms.min(out, hi, false);
        }
        return Tensor.result(out, "clip", g -> {
            INDArray inside = Nd4j.onesLike(g);
            if (lo > Double.NEGATIVE_INFINITY) {
                inside.muli(av.gte(lo).castTo(g.dataType()));
            }
            if (hi < Double.POSITIVE_INFINITY) {
                inside.muli(av.lte(hi).castTo(g.dataType()));
            }
            return new INDArray[] {g.mul(inside)};
        }, a);
    }
}
