package dev.athanor.core.constraints;

import dev.athanor.core.Backend;
import dev.athanor.core.Config;
import dev.athanor.core.Constraint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's {@code MaxNorm(max_value=2, axis=0)} (keras/constraints.py, Keras 2.6): with
 * norms = sqrt(sum(w^2, axis, keepdims)), w &lt;- w * clip(norms, 0, max_value) / (epsilon + norms),
 * epsilon = K.epsilon() = 1e-7. For a Dense kernel {@code [in, units]}, axis 0 constrains each
 * unit's incoming weight vector. Registered as "MaxNorm", "max_norm", "maxnorm".
 */
public final class MaxNorm implements Constraint {

    private double maxValue = 2.0;
    private Object axis = 0;

    /** Keras defaults: max_value 2, axis 0. */
    public MaxNorm() {
    }

    /** With the given maximum norm along axis 0. */
    public MaxNorm(double maxValue) {
        maxValue(maxValue);
    }

    @Override
    public String registryName() {
        return "MaxNorm";
    }

    @Override
    public List<String> aliases() {
        return List.of("max_norm", "maxnorm");
    }

    /** Sets the maximum norm (must be >= 0). */
    public MaxNorm maxValue(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("`max_value` must be >= 0. Received: max_value=" + value);
        }
        this.maxValue = value;
        return this;
    }

    /** Sets the axis (or axes) along which norms are computed. */
    public MaxNorm axis(int... axes) {
        this.axis = axes.length == 1 ? (Object) axes[0] : java.util.Arrays.stream(axes).boxed().toList();
        return this;
    }

    @Override
    public INDArray apply(INDArray w) {
        int[] ax = Axes.resolve(axis, w.rank());
        INDArray norms = Transforms.sqrt(w.mul(w).sum(true, ax), false);
        INDArray desired = Transforms.min(norms, maxValue, true);
        INDArray factor = desired.divi(norms.addi(Backend.epsilon()));
        return w.muli(factor.broadcast(w.shape()));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("max_value", maxValue);
        c.put("axis", axis);
        return c;
    }

    @Override
    public void configure(Config config) {
        maxValue(config.getDouble("max_value", 2.0));
        axis = Axes.read(config, 0);
    }

    @Override
    public String toString() {
        return "MaxNorm" + config();
    }
}
