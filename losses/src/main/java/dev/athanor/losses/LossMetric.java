package dev.athanor.losses;

import dev.athanor.core.Config;
import dev.athanor.core.Loss;
import dev.athanor.core.NoGrad;
import dev.athanor.core.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A loss used as a metric (Keras's {@code MeanMetricWrapper} around a loss function): the same
 * per-sample values, averaged by the model; lower is better. The subclasses register every loss
 * name as a metric name ({@code "mse"}, {@code "mae"}, ...), with the loss's config keys.
 */
public abstract class LossMetric extends KerasMetric {

    private final KerasLoss loss;
    private final String name;
    private final List<String> aliases;

    /**
     * @param loss the loss computing the values (configured through this metric's config)
     * @param name the metric's registry name (Keras's metric class name)
     * @param aliases the other names
     */
    protected LossMetric(KerasLoss loss, String name, String... aliases) {
        this.loss = loss;
        this.name = name;
        this.aliases = List.of(aliases);
    }

    /** The wrapped loss. */
    public Loss loss() {
        return loss;
    }

    @Override
    @SuppressWarnings("try")
    public Tensor call(Tensor yTrue, Tensor yPred) {
        try (NoGrad ignored = NoGrad.open()) {
            return loss.call(yTrue, yPred);
        }
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public String registryName() {
        return name;
    }

    @Override
    public List<String> aliases() {
        return aliases;
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.putAll(loss.config());
    }

    @Override
    protected void readConfig(Config config) {
        loss.configure(config);
    }
}
