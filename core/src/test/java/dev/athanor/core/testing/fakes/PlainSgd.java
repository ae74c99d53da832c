package dev.athanor.core.testing.fakes;

import dev.athanor.core.Optimizer;
import dev.athanor.core.Variable;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Plain SGD ({@code w -= lr * g}) for core's tests, which cannot use athanor-optimizers (it depends on core). */
public final class PlainSgd implements Optimizer {
    private double lr;
    private long steps;

    /** An optimizer with only a learning rate. */
    public PlainSgd(double lr) {
        this.lr = lr;
    }

    @Override
    public String registryName() {
        return "test_plain_sgd";
    }

    @Override
    public void apply(List<Variable> variables) {
        for (Variable v : variables) {
            if (v.grad() != null) {
                v.value().subi(v.grad().mul(lr));
            }
        }
        steps++;
    }

    @Override
    public long iterations() {
        return steps;
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double learningRate) {
        lr = learningRate;
    }

    @Override
    public List<Variable> weights() {
        return List.of();
    }

    @Override
    public void setWeights(List<Variable> variables, List<INDArray> values) {
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("PlainSgd keeps no state: expected no values, got " + values.size());
        }
    }
}
