package dev.athanor.losses;

import dev.athanor.core.Tensor;
import java.util.List;

/**
 * Hinge loss, per sample: {@code mean(max(1 - yTrue * yPred, 0), axis=-1)}.
 *
 * <p>Targets are expected in {-1, 1}; when every target in the batch is 0 or 1 they are first
 * mapped to {@code 2 * yTrue - 1} (Keras's {@code _maybe_convert_labels}: one decision for the
 * whole tensor, not per row).
 *
 * <p>Source: tf.keras 2.6 {@code keras/losses.py}, {@code hinge}. Names: {@code hinge},
 * {@code Hinge}.
 */
public final class Hinge extends KerasLoss {

    @Override
    protected Tensor compute(Tensor yTrue, Tensor yPred) {
        return Labels.maybeConvertBinary(yTrue).mul(yPred).rsub(1.0).maximum(0.0).mean(-1);
    }

    @Override
    public String registryName() {
        return "Hinge";
    }

    @Override
    public List<String> aliases() {
        return List.of("hinge");
    }
}
