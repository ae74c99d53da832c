package dev.athanor.core.ops;

import dev.athanor.core.Internal;

import dev.athanor.core.activations.Activation;
import dev.athanor.core.activations.NamedActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The activations a fused recurrent sequence computes natively, with the same ops (and so the same
 * values) as {@link ActivationOps}: in place on a buffer forwards, and the derivative from the
 * activation's output backwards. Others make the recurrent layers take their generic path.
 */
@Internal
public enum FusedActivation {
    LINEAR, RELU, SIGMOID, HARD_SIGMOID, TANH;

    /** The fused form of a built-in activation, or null when there is none. */
    public static FusedActivation of(Activation a) {
        if (!(a instanceof NamedActivation n)) {
            return null;
        }
        return switch (n.name()) {
            case "linear" -> LINEAR;
            case "relu" -> RELU;
            case "sigmoid" -> SIGMOID;
            case "hard_sigmoid" -> HARD_SIGMOID;
            case "tanh" -> TANH;
            default -> null;
        };
    }

    /** Applies the activation to {@code x} in place. */
    public void applyInPlace(INDArray x) {
        switch (this) {
            case LINEAR -> { }
            case RELU -> Transforms.relu(x, false);
            case SIGMOID -> Transforms.sigmoid(x, false);
            case TANH -> Transforms.tanh(x, false);
            case HARD_SIGMOID -> {
                // As ActivationOps.hardSigmoid: clip(0.2 x + 0.5, 0, 1), op for op.
                x.muli(0.2).addi(0.5);
                Transforms.max(x, 0.0, false);
                Transforms.min(x, 1.0, false);
            }
            default -> throw new IllegalStateException(name());
        }
    }

    /** Writes the activation of {@code x} into {@code out} (same shape). */
    public void apply(INDArray x, INDArray out) {
        switch (this) {
            case SIGMOID -> Nd4j.exec(new Sigmoid(x, out));
            case TANH -> Nd4j.exec(new Tanh(x, out));
            default -> {
                out.assign(x);
                applyInPlace(out);
            }
        }
    }

    /**
     * The derivative at every element, from the activation's output {@code y} (a new array). For
     * hard_sigmoid and relu the slope is taken as zero where the output sits exactly on a clip
     * boundary (0 or 1); the generic path differs only at those measure-zero points.
     */
    public INDArray derivative(INDArray y) {
        return derivative(y, y.ulike());
    }

    /** {@link #derivative(INDArray)} written into {@code out} (same shape as y, not y itself); returns out. */
    public INDArray derivative(INDArray y, INDArray out) {
        switch (this) {
            case LINEAR -> out.assign(1.0);
            case SIGMOID -> y.rsub(1.0, out).muli(y);
            case TANH -> y.mul(y, out).rsubi(1.0);
            default -> out.assign(slope(y));
        }
        return out;
    }

    private INDArray slope(INDArray y) {
        return switch (this) {
            case RELU -> y.gt(0.0).castTo(y.dataType());
            case HARD_SIGMOID -> y.gt(0.0).castTo(y.dataType()).muli(y.lt(1.0).castTo(y.dataType())).muli(0.2);
            default -> throw new IllegalStateException(name());
        };
    }
}
