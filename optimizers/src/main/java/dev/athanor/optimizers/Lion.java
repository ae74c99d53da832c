package dev.athanor.optimizers;

import dev.athanor.core.Config;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Lion (EvoLved Sign Momentum; Chen et al., "Symbolic Discovery of Optimization Algorithms", 2023).
 *
 * <pre>
 *   var -= var * weight_decay * lr                     (decoupled, only if weight_decay &gt; 0)
 *   var -= lr * sign(beta_1 * m + (1 - beta_1) * g)
 *   m    = beta_2 * m + (1 - beta_2) * g
 * </pre>
 *
 * <p>Defaults (Keras 3): {@code learning_rate=0.001, beta_1=0.9, beta_2=0.99,
 * weight_decay=0}. Slot: {@code m}. Source: Keras 3 {@code keras/src/optimizers/lion.py};
 * {@code beta_1} must be in (0, 1] (at 0 Lion degenerates to signSGD), {@code beta_2} in [0, 1].
 */
public final class Lion extends BaseOptimizer<Lion> {

    private double beta1 = 0.9;
    private double beta2 = 0.99;
    private double weightDecay;

    /** Keras 3's defaults. */
    public Lion() {
        super("Lion", 0.001);
    }

    /** Interpolation for the update direction, in (0, 1]. */
    public Lion beta1(double v) {
        this.beta1 = Checks.openClosedUnit("beta_1", v);
        return this;
    }

    /** Decay of the momentum, in [0, 1]. */
    public Lion beta2(double v) {
        this.beta2 = Checks.closedUnit("beta_2", v);
        return this;
    }

    /** Decoupled weight-decay factor (>= 0). */
    public Lion weightDecay(double v) {
        this.weightDecay = Checks.nonNegative("weight_decay", v);
        return this;
    }

    @Override
    protected List<String> slotNames() {
        return List.of("m");
    }

    @Override
    protected void update(INDArray var, INDArray g, Slots s, double lr, long t) {
        INDArray m = s.get(0);
        INDArray dir = s.scratch();
        if (weightDecay > 0) {
            Ops.scale(1.0 - weightDecay * lr, var);
        }
        m.mul(beta1, dir);
        Ops.axpy(1 - beta1, g, dir);
        Transforms.sign(dir, false);
        Ops.axpy(-lr, dir, var);
        Ops.scale(beta2, m);
        Ops.axpy(1 - beta2, g, m);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("weight_decay", weightDecay);
    }

    @Override
    protected void readConfig(Config c) {
        beta1(c.getDouble("beta_1", 0.9));
        beta2(c.getDouble("beta_2", 0.99));
        weightDecay(c.getDouble("weight_decay", 0.0));
    }
}
