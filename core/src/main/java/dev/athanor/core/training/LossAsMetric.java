package dev.athanor.core.training;

import dev.athanor.core.Internal;

import dev.athanor.core.Loss;
import dev.athanor.core.Metric;
import dev.athanor.core.Tensor;

/** A loss used as a metric ("mae" in {@code metrics=[...]}): lower is better. */
@Internal
public final class LossAsMetric implements Metric {

    private final String name;
    private final Loss loss;

    LossAsMetric(String name, Loss loss) {
        this.name = name;
        this.loss = loss;
    }

    @Override
    public String registryName() {
        return name;
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        return loss.call(yTrue, yPred);
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }
}
