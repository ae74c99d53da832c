package dev.athanor.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything {@code compile} takes, for the cases the short overloads do not cover: one loss per
 * output, loss weights, metric objects.
 *
 * <pre>{@code
 * model.compile(new CompileOptions().optimizer("adam")
 *         .losses("categorical_crossentropy", "mse").lossWeights(1.0, 0.2).metrics("accuracy"));
 * }</pre>
 */
public final class CompileOptions {

    private Object optimizer = "rmsprop";
    private final List<Object> losses = new ArrayList<>();
    private final List<Object> metrics = new ArrayList<>();
    private List<Double> lossWeights;
    private boolean jitCompile = true;

    /** An optimizer name (Keras defaults) or object. Default "rmsprop", as Keras. */
    public CompileOptions optimizer(Object nameOrOptimizer) {
        if (!(nameOrOptimizer instanceof String) && !(nameOrOptimizer instanceof Optimizer)) {
            throw new IllegalArgumentException("optimizer must be a name or an Optimizer. Received: " + nameOrOptimizer);
        }
        this.optimizer = nameOrOptimizer;
        return this;
    }

    /** One loss for every output (a name or a {@link Loss}); null when layers add their own. */
    public CompileOptions loss(Object nameOrLoss) {
        losses.clear();
        losses.add(nameOrLoss);
        return this;
    }

    /** One loss per output, in output order (names, {@link Loss} objects, or null). */
    public CompileOptions losses(Object... namesOrLosses) {
        losses.clear();
        losses.addAll(Arrays.asList(namesOrLosses));
        return this;
    }

    /** Metrics (names such as "accuracy" / "acc" / "mae", or {@link Metric} objects) for every output. */
    public CompileOptions metrics(Object... namesOrMetrics) {
        metrics.clear();
        metrics.addAll(Arrays.asList(namesOrMetrics));
        return this;
    }

    /** Metrics from a list. */
    public CompileOptions metrics(List<?> namesOrMetrics) {
        metrics.clear();
        if (namesOrMetrics != null) {
            metrics.addAll(namesOrMetrics);
        }
        return this;
    }

    /** Per-output weights of the total loss (default 1 each). */
    public CompileOptions lossWeights(double... weights) {
        List<Double> w = new ArrayList<>();
        for (double d : weights) {
            w.add(d);
        }
        this.lossWeights = w;
        return this;
    }

    /**
     * Whether training, evaluation and prediction steps may run compiled (Keras's
     * {@code jit_compile}; default true): a planned step with buffers reused across batches where
     * the model is covered, the eager step elsewhere, with the same results. {@code Model.explainCompiledStep()}
     * says which applies; the system property {@code athanor.compiled=false} turns it off everywhere.
     */
    public CompileOptions jitCompile(boolean value) {
        this.jitCompile = value;
        return this;
    }

    @Internal public boolean jitCompile() {
        return jitCompile;
    }

    @Internal public Object optimizer() {
        return optimizer;
    }

    @Internal public List<Object> losses() {
        return losses;
    }

    @Internal public List<Object> metrics() {
        return metrics;
    }

    @Internal public List<Double> lossWeights() {
        return lossWeights;
    }
}
