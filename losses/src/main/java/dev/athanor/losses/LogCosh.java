package dev.athanor.losses;

import dev.athanor.core.Tensor;
import java.util.List;

/**
 * Log-cosh loss, per sample: {@code mean(log(cosh(x)), axis=-1)} with {@code x = yPred - yTrue},
 * computed in the overflow-free form {@code x + softplus(-2x) - log(2)} (cosh itself overflows
 * for {@code |x| > 710} in double). About {@code x^2 / 2} for small errors and
 * {@code |x| - log 2} for large ones.
 *
 * <p>Source: tf.keras 2.6 {@code keras/losses.py}, {@code log_cosh}. Names: {@code logcosh},
 * {@code log_cosh}, {@code LogCosh}.
 */
public final class LogCosh extends KerasLoss {

    private static final double LOG_2 = Math.log(2.0);

    @Override
    protected Tensor compute(Tensor yTrue, Tensor yPred) {
        Tensor x = yPred.sub(yTrue);
        return x.add(x.mul(-2.0).softplus()).sub(LOG_2).mean(-1);
    }

    @Override
    public String registryName() {
        return "LogCosh";
    }

    @Override
    public List<String> aliases() {
        return List.of("logcosh", "log_cosh");
    }
}
