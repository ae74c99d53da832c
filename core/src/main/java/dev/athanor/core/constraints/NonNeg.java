package dev.athanor.core.constraints;

import dev.athanor.core.Constraint;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code NonNeg()} (keras/constraints.py, Keras 2.6): w &lt;- w * (w &gt;= 0), i.e.
 * negative entries become 0. Config: empty. Registered as "NonNeg", "non_neg", "nonneg".
 */
public final class NonNeg implements Constraint {

    @Override
    public String registryName() {
        return "NonNeg";
    }

    @Override
    public List<String> aliases() {
        return List.of("non_neg", "nonneg");
    }

    @Override
    public INDArray apply(INDArray w) {
        return w.muli(w.gte(0).castTo(w.dataType()));
    }

    @Override
    public String toString() {
        return "NonNeg";
    }
}
