package dev.athanor.core.testing.fakes;

import dev.athanor.core.Loss;
import dev.athanor.core.Tensor;

/** A test-only provider whose constructor fails, as a provider with a missing dependency would. */
public class BrokenLoss implements Loss {

    /** Always fails. */
    public BrokenLoss() {
        throw new IllegalStateException("broken on purpose");
    }

    @Override
    public String registryName() {
        return "broken";
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        return yPred;
    }
}
