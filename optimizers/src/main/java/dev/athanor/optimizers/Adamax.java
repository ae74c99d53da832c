package dev.athanor.optimizers;

import dev.athanor.core.Config;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adamax, Adam's infinity-norm variant.
 *
 * <pre>
 *   t = iterations + 1
 *   m = beta_1 * m + (1 - beta_1) * g
 *   v = max(beta_2 * v, |g|)
 *   var -= lr / (1 - beta_1^t) * m / (v + epsilon)
 * </pre>
 *
 * <p>Defaults: {@code learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7}. Slots:
 * {@code m}, {@code v}. Source: tf.keras 2.6 {@code keras/optimizer_v2/adamax.py}, which calls
 * TensorFlow's fused {@code ResourceApplyAdaMax} ({@code training_ops.cc}).
 */
public final class Adamax extends BaseOptimizer<Adamax> {

    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;

    /** Keras's defaults. */
    public Adamax() {
        super("Adamax", 0.001);
    }

    /** Decay of the first moment, in [0, 1). */
    public Adamax beta1(double v) {
        this.beta1 = Checks.halfOpenUnit("beta_1", v);
        return this;
    }

    /** Decay of the infinity norm, in [0, 1). */
    public Adamax beta2(double v) {
        this.beta2 = Checks.halfOpenUnit("beta_2", v);
        return this;
    }

    /** Fuzz factor (>= 0). */
    public Adamax epsilon(double v) {
        this.epsilon = Checks.nonNegative("epsilon", v);
        return this;
    }

    @Override
    protected List<String> slotNames() {
        return List.of("m", "v");
    }

    @Override
    protected void update(INDArray var, INDArray g, Slots s, double lr, long t) {
        INDArray m = s.get(0);
        INDArray v = s.get(1);
        INDArray tmp = s.scratch();
        Ops.scale(beta1, m);
        Ops.axpy(1 - beta1, g, m);
        Ops.scale(beta2, v);
        Transforms.max(v, Ops.abs(g, tmp), false);
        tmp.assign(v).addi(epsilon);
        m.div(tmp, tmp);
        Ops.axpy(-lr / (1 - Math.pow(beta1, t)), tmp, var);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
    }

    @Override
    protected void readConfig(Config c) {
        beta1(c.getDouble("beta_1", 0.9));
        beta2(c.getDouble("beta_2", 0.999));
        epsilon(c.getDouble("epsilon", 1e-7));
    }
}
