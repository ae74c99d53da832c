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
 * Keras's {@code UnitNorm(axis=0)} (keras/constraints.py, Keras 2.6):
 * w &lt;- w / (epsilon + sqrt(sum(w^2, axis, keepdims))), epsilon = K.epsilon() = 1e-7.
 * Registered as "UnitNorm", "unit_norm", "unitnorm".
 */
public final class UnitNorm implements Constraint {

    private Object axis = 0;

    @Override
    public String registryName() {
        return "UnitNorm";
    }

    @Override
    public List<String> aliases() {
        return List.of("unit_norm", "unitnorm");
    }

    /** Sets the axis (or axes) along which norms are computed. */
    public UnitNorm axis(int... axes) {
        this.axis = axes.length == 1 ? (Object) axes[0] : java.util.Arrays.stream(axes).boxed().toList();
        return this;
    }

    @Override
    public INDArray apply(INDArray w) {
        int[] ax = Axes.resolve(axis, w.rank());
        INDArray norms = Transforms.sqrt(w.mul(w).sum(true, ax), false).addi(Backend.epsilon());
        return w.divi(norms.broadcast(w.shape()));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("axis", axis);
        return c;
    }

    @Override
    public void configure(Config config) {
        axis = Axes.read(config, 0);
    }

    @Override
    public String toString() {
        return "UnitNorm" + config();
    }
}
