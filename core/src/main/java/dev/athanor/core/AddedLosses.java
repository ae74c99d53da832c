package dev.athanor.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the loss terms and metrics that layers add during one forward pass
 * ({@code addLoss}, {@code addMetric}). Per thread, so concurrent inference never mixes them; when
 * no collection is open (plain prediction) additions are dropped.
 */
public final class AddedLosses implements AutoCloseable {

    private static final ThreadLocal<AddedLosses> CURRENT = new ThreadLocal<>();

    private final AddedLosses outer;
    private final List<Tensor> losses = new ArrayList<>();
    private final Map<String, Tensor> metrics = new LinkedHashMap<>();

    private AddedLosses() {
        outer = CURRENT.get();
        CURRENT.set(this);
    }

    /** Starts collecting on this thread. */
    public static AddedLosses collect() {
        return new AddedLosses();
    }

    /** Records a loss term (called by {@code Layer.addLoss}). */
    public static void add(Tensor loss) {
        AddedLosses c = CURRENT.get();
        if (c != null) {
            c.losses.add(loss);
        }
    }

    /** Records a metric value (called by {@code Layer.addMetric}). */
    public static void addMetric(String name, Tensor value) {
        AddedLosses c = CURRENT.get();
        if (c != null) {
            c.metrics.put(name, value);
        }
    }

    /** The loss terms added so far. */
    public List<Tensor> losses() {
        return losses;
    }

    /** The metrics added so far, by name. */
    public Map<String, Tensor> metrics() {
        return metrics;
    }

    @Override
    public void close() {
        CURRENT.set(outer);
    }
}
