package dev.athanor.losses;

import dev.athanor.core.Tensor;
import java.util.List;

/**
 * Poisson loss, per sample: {@code mean(yPred - yTrue * log(yPred + eps), axis=-1)},
 * {@code eps = 1e-7} (a zero prediction gives a finite loss).
 *
 * <p>Source: tf.keras 2.6 {@code keras/losses.py}, {@code poisson}. Names: {@code poisson},
 * {@code Poisson}.
 */
public final class Poisson extends KerasLoss {

    @Override
    protected Tensor compute(Tensor yTrue, Tensor yPred) {
        return yPred.sub(yTrue.mul(yPred.add(EPSILON).log())).mean(-1);
    }

    @Override
    public String registryName() {
        return "Poisson";
    }

    @Override
    public List<String> aliases() {
        return List.of("poisson");
    }
}
