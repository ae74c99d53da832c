package dev.athanor.core.ops;

import dev.athanor.core.Internal;

import dev.athanor.core.Tensor;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Elementwise math functions and their derivatives. */
@Internal
public final class UnaryOps {

    private UnaryOps() {
    }

    public static Tensor pow(Tensor a, double p) {
        INDArray x = a.value();
        return Tensor.result(Transforms.pow(x, p, true), "pow",
                g -> new INDArray[] {g.mul(Transforms.pow(x, p - 1, true).muli(p))}, a);
    }

    public static Tensor square(Tensor a) {
        INDArray x = a.value();
        return Tensor.result(x.mul(x), "square", g -> new INDArray[] {g.mul(x).muli(2.0)}, a);
    }

    public static Tensor sqrt(Tensor a) {
        INDArray out = Transforms.sqrt(a.value(), true);
        return Tensor.result(out, "sqrt", g -> new INDArray[] {g.div(out).muli(0.5)}, a);
    }

    public static Tensor exp(Tensor a) {
        INDArray out = Transforms.exp(a.value(), true);
        return Tensor.result(out, "exp", g -> new INDArray[] {g.mul(out)}, a);
    }

    public static Tensor log(Tensor a) {
        INDArray x = a.value();
        return Tensor.result(Transforms.log(x, true), "log", g -> new INDArray[] {g.div(x)}, a);
    }

    public static Tensor log1p(Tensor a) {
        INDArray x = a.value();
        return Tensor.result(Transforms.log1p(x, true), "log1p", g -> new INDArray[] {g.div(x.add(1.0))}, a);
    }

    public static Tensor abs(Tensor a) {
        INDArray x = a.value();
        return Tensor.result(Transforms.abs(x, true), "abs",
                g -> new INDArray[] {g.mul(Transforms.sign(x, true))}, a);
    }
}
