package dev.athanor.losses;

import dev.athanor.core.Config;
import dev.athanor.core.Loss;
import dev.athanor.core.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Base of the registered Keras losses: checks and aligns the two inputs, then computes the
 * per-sample loss in {@link #compute}.
 *
 * <p>Shared rules (tf.keras 2.6, {@code LossFunctionWrapper} and {@code keras/losses.py}):
 * <ul>
 *   <li>{@code yTrue} is cast to {@code yPred}'s data type;</li>
 *   <li>a target of shape {@code [batch]} against a prediction of shape {@code [batch, 1]} is
 *       read as {@code [batch, 1]} (Keras's squeeze-or-expand), so the result is per sample;</li>
 *   <li>the result has one value per sample, {@code [batch]} for rank-2 inputs; the model
 *       reduces over the batch.</li>
 * </ul>
 *
 * <p>Config: the keys of the subclass (e.g. {@code from_logits}) plus the keys every Keras loss
 * class writes, which are accepted when reading a Keras file: {@code name} (ignored),
 * {@code reduction} ({@code "auto"} or {@code "sum_over_batch_size"}: the model takes the batch
 * mean) and {@code axis} ({@code -1} only).
 */
public abstract class KerasLoss implements Loss {

    /** Keras's fuzz factor {@code backend.epsilon()}. */
    protected static final double EPSILON = 1e-7;

    @Override
    public final Tensor call(Tensor yTrue, Tensor yPred) {
        Objects.requireNonNull(yTrue, "yTrue");
        Objects.requireNonNull(yPred, "yPred");
        if (yPred.rank() == 0) {
            throw new IllegalArgumentException(registryName() + ": yPred must have a batch dimension. Received: "
                    + "yPred.shape=[]");
        }
        return compute(alignTargets(castLike(yTrue, yPred), yPred), yPred);
    }

    /**
     * The per-sample loss on aligned inputs.
     *
     * @param yTrue targets, same data type as {@code yPred}
     * @param yPred predictions
     * @return one value per sample
     */
    protected abstract Tensor compute(Tensor yTrue, Tensor yPred);

    /**
     * Makes {@code yTrue}'s shape match {@code yPred}'s: {@code [batch]} against
     * {@code [batch, 1]} becomes {@code [batch, 1]}; otherwise the shapes must be equal.
     * Sparse losses override this.
     */
    protected Tensor alignTargets(Tensor yTrue, Tensor yPred) {
        return Targets.sameShape(registryName(), yTrue, yPred);
    }

    static Tensor castLike(Tensor yTrue, Tensor yPred) {
        var want = yPred.value().dataType();
        if (yTrue.value().dataType() == want) {
            return yTrue;
        }
        return Tensor.of(yTrue.value().castTo(want));
    }

    @Override
    public final void configure(Config config) {
        config.ignore("name");
        String reduction = config.getString("reduction", "auto");
        if (!reduction.equals("auto") && !reduction.equals("sum_over_batch_size")) {
            throw new IllegalArgumentException("`reduction` of " + registryName()
                    + " must be 'auto' or 'sum_over_batch_size' (the model averages the per-sample losses over "
                    + "the batch). Received: reduction=" + reduction);
        }
        if (config.has("axis")) {
            long axis = config.getLong("axis", -1);
            if (axis != -1) {
                throw new IllegalArgumentException("`axis` of " + registryName()
                        + " must be -1 (the last axis). Received: axis=" + axis);
            }
        }
        readConfig(config);
    }

    /**
     * Keras config: the subclass's keys, written by {@link #writeConfig} (the same hook pair as
     * layers' and optimizers': {@code writeConfig}/{@code readConfig}).
     */
    @Override
    public final Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        writeConfig(c);
        return c;
    }

    /** Writes the subclass's own keys under Keras's names; default: none. */
    protected void writeConfig(Map<String, Object> config) {
    }

    /** Reads the subclass's own keys (e.g. {@code from_logits}); default: none. */
    protected void readConfig(Config config) {
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && config().equals(((KerasLoss) o).config());
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass(), config());
    }

    @Override
    public String toString() {
        Map<String, Object> c = config();
        return registryName() + (c.isEmpty() ? "" : c.toString());
    }

    static String shape(Tensor t) {
        return Arrays.toString(t.shape());
    }
}
