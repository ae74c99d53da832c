package dev.athanor.core;

import dev.athanor.core.ops.CrossentropyOps;
import dev.athanor.core.ops.OneHot;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's backend {@code K} for people writing losses, metrics and layers: the same names, over
 * {@link Tensor}. Everything here is differentiable.
 *
 * <p>Also the precision switch: float32 by default, float64 with {@code setFloatx("float64")}.
 */
public final class Backend {

    /** Keras's fuzz factor, {@code K.epsilon()}. */
    public static final double EPSILON = 1e-7;

    private Backend() {
    }

    // ------------------------------------------------------------------ precision

    /** "float32" or "float64": the type new arrays and constants get. */
    public static String floatx() {
        return Nd4j.defaultFloatingPointType() == DataType.DOUBLE ? "float64" : "float32";
    }

    /** Selects float32 (default) or float64 for new arrays, as Keras's {@code K.set_floatx}. */
    public static void setFloatx(String floatx) {
        DataType t = switch (floatx) {
            case "float32" -> DataType.FLOAT;
            case "float64" -> DataType.DOUBLE;
            default -> throw new IllegalArgumentException(
                    "floatx must be 'float32' or 'float64'. Received: floatx=" + floatx);
        };
        Nd4j.setDefaultDataTypes(t, t);
    }

    /**
     * Keras's {@code K.cast_to_floatx} for data at the model boundary: a floating-point array of
     * another precision (float64 data into a float32 model, or the reverse) comes back cast to
     * {@link #floatx()}; an array that already has it comes back as itself (no copy). Integer arrays
     * (token ids, sparse labels) come back unchanged, since a float32 cast would corrupt ids above
     * 2^24. fit, evaluate and predict apply it batch by batch to inputs and targets, as Keras's data
     * adapters do.
     */
    public static INDArray castToFloatx(INDArray a) {
        if (a == null || !a.dataType().isFPType() || a.dataType() == Nd4j.defaultFloatingPointType()) {
            return a;
        }
        return a.castTo(Nd4j.defaultFloatingPointType());
    }

    /** Keras's {@code K.epsilon()}. */
    public static double epsilon() {
        return EPSILON;
    }

    // ------------------------------------------------------------------ K.* ops

    /** {@code K.mean(x, axis)}. */
    public static Tensor mean(Tensor x, int axis) {
        return x.mean(axis);
    }

    /** {@code K.sum(x, axis)}. */
    public static Tensor sum(Tensor x, int axis) {
        return x.sum(axis);
    }

    /** {@code K.max(x, axis)}. */
    public static Tensor max(Tensor x, int axis) {
        return x.max(axis);
    }

    /** {@code K.square(x)}. */
    public static Tensor square(Tensor x) {
        return x.square();
    }

    /** {@code K.abs(x)}. */
    public static Tensor abs(Tensor x) {
        return x.abs();
    }

    /** {@code K.sqrt(x)}. */
    public static Tensor sqrt(Tensor x) {
        return x.sqrt();
    }

    /** {@code K.exp(x)}. */
    public static Tensor exp(Tensor x) {
        return x.exp();
    }

    /** {@code K.log(x)}. */
    public static Tensor log(Tensor x) {
        return x.log();
    }

    /** {@code K.clip(x, lo, hi)}. */
    public static Tensor clip(Tensor x, double lo, double hi) {
        return x.clip(lo, hi);
    }

    /** {@code K.maximum(x, c)}. */
    public static Tensor maximum(Tensor x, double c) {
        return x.maximum(c);
    }

    /** {@code K.minimum(x, c)}. */
    public static Tensor minimum(Tensor x, double c) {
        return x.minimum(c);
    }

    /** {@code K.pow(x, p)}. */
    public static Tensor pow(Tensor x, double p) {
        return x.pow(p);
    }

    /** {@code K.softmax(x)} over the last axis. */
    public static Tensor softmax(Tensor x) {
        return x.softmax(-1);
    }

    /** {@code K.sigmoid(x)}. */
    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    /** {@code K.softplus(x)}. */
    public static Tensor softplus(Tensor x) {
        return x.softplus();
    }

    /** {@code K.l2_normalize(x, axis)}. */
    public static Tensor l2Normalize(Tensor x, int axis) {
        return x.l2Normalize(axis);
    }

    /** {@code K.ones_like(x)}. */
    public static Tensor onesLike(Tensor x) {
        return x.onesLike();
    }

    /** {@code K.zeros_like(x)}. */
    public static Tensor zerosLike(Tensor x) {
        return x.zerosLike();
    }

    /** {@code K.constant(v)}: a scalar. */
    public static Tensor constant(double v) {
        return Tensor.scalar(v);
    }

    // ------------------------------------------------------------------ crossentropies

    /** {@code K.categorical_crossentropy(target, output)} on probabilities (see the 3-argument form). */
    public static Tensor categoricalCrossentropy(Tensor target, Tensor output) {
        return categoricalCrossentropy(target, output, false);
    }

    /**
     * Per-sample categorical crossentropy over the last axis, as tf.keras 2.6's backend:
     * with {@code fromLogits}, {@code -sum(target * log_softmax(output))}. Otherwise, when
     * {@code output} came straight from a softmax, the same on its logits (the fused, stable form,
     * gradient {@code p - y}); else {@code output} is scaled to sum to 1, clipped to
     * {@code [eps, 1 - eps]} and {@code -sum(target * log(output))} is returned.
     */
    public static Tensor categoricalCrossentropy(Tensor target, Tensor output, boolean fromLogits) {
        if (!fromLogits && output.logits() != null && "softmax".equals(output.op())) {
            return categoricalCrossentropy(target, output.logits(), true);
        }
        if (fromLogits) {
            if (CrossentropyOps.applies(target, output)) {
                return CrossentropyOps.softmaxCrossentropy(target, output);
            }
            return target.mul(output.logSoftmax(-1)).sum(-1).neg();
        }
        Tensor p = output.div(output.sum(-1, true)).clip(EPSILON, 1 - EPSILON);
        return target.mul(p.log()).sum(-1).neg();
    }

    /**
     * Per-sample sparse categorical crossentropy: {@code target} holds class indices (shape
     * {@code [batch]} or {@code [batch, 1]}); same fused and clipped paths as the categorical form.
     */
    public static Tensor sparseCategoricalCrossentropy(Tensor target, Tensor output, boolean fromLogits) {
        Tensor oneHot = Tensor.of(OneHot.of(target.value(), output.shape()[output.rank() - 1],
                output.value().dataType()));
        if (fromLogits || (output.logits() != null && "softmax".equals(output.op()))) {
            return categoricalCrossentropy(oneHot, output, fromLogits);
        }
        // tf.keras 2.6: log(clip(p)) fed as logits, i.e. renormalised after clipping.
        return categoricalCrossentropy(oneHot, output.clip(EPSILON, 1 - EPSILON).log(), true);
    }

    /**
     * Per-element binary crossentropy (tf.keras 2.6 backend): with {@code fromLogits} or when
     * {@code output} came straight from a sigmoid, the stable logits form
     * {@code max(x, 0) - x * z + log(1 + exp(-|x|))}; else {@code output} is clipped to
     * {@code [eps, 1 - eps]} and {@code -(z log(p + eps) + (1 - z) log(1 - p + eps))} is returned.
     */
    public static Tensor binaryCrossentropy(Tensor target, Tensor output, boolean fromLogits) {
        if (!fromLogits && output.logits() != null && "sigmoid".equals(output.op())) {
            return binaryCrossentropy(target, output.logits(), true);
        }
        if (fromLogits) {
            Tensor x = output;
            // softplus(-|x|) = log(1 + exp(-|x|)); relu(x) - x*z + that.
            return x.relu().sub(x.mul(target)).add(x.abs().neg().softplus());
        }
        Tensor p = output.clip(EPSILON, 1 - EPSILON);
        Tensor pos = target.mul(p.add(EPSILON).log());
        Tensor neg = target.rsub(1.0).mul(p.rsub(1.0).add(EPSILON).log());
        return pos.add(neg).neg();
    }
}
