package dev.athanor.losses;

import dev.athanor.core.Config;
import dev.athanor.core.Metric;
import dev.athanor.core.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Base of the registered Keras metrics: per-sample values computed without gradient recording.
 *
 * <p>Config: the subclass's keys (e.g. {@code threshold}, {@code k}) plus {@code name} and
 * {@code dtype}, which every Keras metric writes and which are accepted and ignored when reading a
 * Keras file.
 */
public abstract class KerasMetric implements Metric {

    @Override
    public final void configure(Config config) {
        config.ignore("name", "dtype");
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

    /** Reads the subclass's own keys; default: none. */
    protected void readConfig(Config config) {
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && config().equals(((KerasMetric) o).config());
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

    /** Checks that both inputs are present and have values. */
    static void requireInputs(String who, Tensor yTrue, Tensor yPred) {
        Objects.requireNonNull(yTrue, who + ": yTrue");
        Objects.requireNonNull(yPred, who + ": yPred");
        if (yPred.rank() == 0) {
            throw new IllegalArgumentException(who + ": yPred must have a batch dimension. Received: yPred.shape=[]");
        }
    }
}
