package dev.athanor.core;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Activation functions, their derivatives, and the stable softmax family. */
final class ActivationOps {

    /** Keras's SELU constants. */
    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private ActivationOps() {
    }

    static Tensor sigmoid(Tensor a) {
        INDArray out = Transforms.sigmoid(a.value(), true);
        return Tensor.result(out, "sigmoid", g -> new INDArray[] {g.mul(out).muli(out.rsub(1.0))}, a)
                .withLogits(a);
    }

    static Tensor tanh(Tensor a) {
        INDArray out = Transforms.tanh(a.value(), true);
        return Tensor.result(out, "tanh", g -> new INDArray[] {g.mul(out.mul(out).rsubi(1.0))}, a);
    }

    static Tensor relu(Tensor a) {
        INDArray x = a.value();
        // One native op each way, into fresh outputs: no copy-then-modify, no boolean mask temporaries.
        INDArray out = x.ulike();
        Nd4j.exec(new RectifiedLinear(x, out));
        return Tensor.result(out, "relu", g -> {
            INDArray dx = g.ulike();
            Nd4j.exec(new RectifiedLinearDerivative(x, g, dx));
            return new INDArray[] {dx};
        }, a);
    }

    static Tensor elu(Tensor a, double alpha) {
        INDArray x = a.value();
        INDArray pos = x.gt(0).castTo(x.dataType());
        INDArray expm1 = Transforms.exp(Transforms.min(x, 0.0, true), false).subi(1.0);
        INDArray out = Transforms.max(x, 0.0, true).addi(expm1.mul(alpha));
        return Tensor.result(out, "elu", g -> {
            INDArray d = expm1.add(1.0).muli(alpha).muli(pos.rsub(1.0)).addi(pos);
            return new INDArray[] {g.mul(d)};
        }, a);
    }

    static Tensor selu(Tensor a) {
        return elu(a, SELU_ALPHA).mul(SELU_SCALE);
    }

    static Tensor softplus(Tensor a) {
        INDArray x = a.value();
        // log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow for large |x|.
        INDArray out = Transforms.max(x, 0.0, true)
                .addi(Transforms.log1p(Transforms.exp(Transforms.abs(x, true).negi(), false), false));
        return Tensor.result(out, "softplus", g -> new INDArray[] {g.mul(Transforms.sigmoid(x, true))}, a);
    }

    static Tensor softsign(Tensor a) {
        INDArray x = a.value();
        INDArray denom = Transforms.abs(x, true).addi(1.0);
        return Tensor.result(x.div(denom), "softsign",
                g -> new INDArray[] {g.div(denom.mul(denom))}, a);
    }

    static Tensor hardSigmoid(Tensor a) {
        return a.mul(0.2).add(0.5).clip(0.0, 1.0);
    }

    static Tensor gelu(Tensor a) {
        INDArray x = a.value();
        INDArray erf = Nd4j.exec(new Erf(x.mul(1.0 / Math.sqrt(2.0))));
        INDArray cdf = erf.add(1.0).muli(0.5);
        return Tensor.result(x.mul(cdf), "gelu", g -> {
            INDArray pdf = Transforms.exp(x.mul(x).muli(-0.5), false).muli(1.0 / Math.sqrt(2 * Math.PI));
            return new INDArray[] {g.mul(cdf.add(pdf.muli(x)))};
        }, a);
    }

    static Tensor softmax(Tensor a, int axis) {
        INDArray x = a.value();
        int ax = Shapes.axis(axis, x.rank());
        // libnd4j's softmax op: one native call instead of max, sub, exp, sum, div. Above rank 2 it
        // returns NaN for a row whose logits are all below about -745 (e.g. attention rows with every
        // key masked to -1e9; libnd4j 1.0.0-M2.1), so such inputs are shifted by their row max first.
        INDArray in = x.rank() > 2 ? x.sub(x.max(true, ax)) : x;
        INDArray out = x.ulike();
        Nd4j.exec(new SoftMax(in, out, ax));
        Tensor result = Tensor.result(out, "softmax", g -> {
            // dx = y * (g - sum(g * y))
            INDArray gy = g.mul(out);
            return new INDArray[] {gy.subi(out.mul(gy.sum(true, ax)))};
        }, a);
        // Crossentropies work over the last axis: only a last-axis softmax may take the fused path.
        return ax == x.rank() - 1 ? result.withLogits(a) : result;
    }

    static Tensor logSoftmax(Tensor a, int axis) {
        INDArray x = a.value();
        int ax = Shapes.axis(axis, x.rank());
        INDArray shifted = x.sub(x.max(true, ax));
        INDArray out = shifted.subi(Transforms.log(Transforms.exp(shifted, true).sum(true, ax), false));
        return Tensor.result(out, "log_softmax", g -> {
            INDArray soft = Transforms.exp(out, true);
            return new INDArray[] {g.sub(soft.muli(g.sum(true, ax)))};
        }, a);
    }
}
