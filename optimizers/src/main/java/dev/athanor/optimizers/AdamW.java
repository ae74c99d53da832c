package dev.athanor.optimizers;

import dev.athanor.core.Config;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * AdamW: Adam with decoupled weight decay (Loshchilov &amp; Hutter, "Decoupled Weight Decay
 * Regularization", ICLR 2019).
 *
 * <pre>
 *   var -= var * weight_decay * lr          (before the Adam step, with this step's lr)
 *   then exactly {@link Adam}'s step (epsilon-hat form, optional AMSGrad)
 * </pre>
 *
 * <p>Defaults (Keras 3): {@code learning_rate=0.001, weight_decay=0.004, beta_1=0.9,
 * beta_2=0.999, epsilon=1e-7, amsgrad=false}. Slots: {@code m}, {@code v}, then {@code vhat} if
 * amsgrad (named as Keras 2 would: {@code AdamW/dense/kernel/m:0}). Source: Keras 3
 * {@code keras/src/optimizers/adamw.py} and {@code base_optimizer._apply_weight_decay}; the
 * common options (legacy decay, clipping) are this module's Keras 2 ones, and the weight decay
 * uses the learning rate after schedule and legacy decay.
 */
public final class AdamW extends BaseOptimizer<AdamW> {

    private double weightDecay = 0.004;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;
    private boolean amsgrad;

    /** Keras 3's defaults. */
    public AdamW() {
        super("AdamW", 0.001);
    }

    /** Decoupled weight-decay factor (>= 0). */
    public AdamW weightDecay(double v) {
        this.weightDecay = Checks.nonNegative("weight_decay", v);
        return this;
    }

    /** Decay of the first moment, in [0, 1). */
    public AdamW beta1(double v) {
        this.beta1 = Checks.halfOpenUnit("beta_1", v);
        return this;
    }

    /** Decay of the second moment, in [0, 1). */
    public AdamW beta2(double v) {
        this.beta2 = Checks.halfOpenUnit("beta_2", v);
        return this;
    }

    /** Fuzz factor (>= 0). */
    public AdamW epsilon(double v) {
        this.epsilon = Checks.nonNegative("epsilon", v);
        return this;
    }

    /** Whether to use AMSGrad. */
    public AdamW amsgrad(boolean v) {
        if (v != amsgrad) {
            requireNotBuilt("amsgrad");
        }
        this.amsgrad = v;
        return this;
    }

    @Override
    protected List<String> slotNames() {
        return amsgrad ? List.of("m", "v", "vhat") : List.of("m", "v");
    }

    @Override
    protected void update(INDArray var, INDArray g, Slots s, double lr, long t) {
        if (weightDecay > 0) {
            Ops.scale(1.0 - weightDecay * lr, var);
        }
        Adam.step(var, g, s, amsgrad, lr, t, beta1, beta2, epsilon);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("weight_decay", weightDecay);
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        c.put("amsgrad", amsgrad);
    }

    @Override
    protected void readConfig(Config c) {
        weightDecay(c.getDouble("weight_decay", 0.004));
        beta1(c.getDouble("beta_1", 0.9));
        beta2(c.getDouble("beta_2", 0.999));
        epsilon(c.getDouble("epsilon", 1e-7));
        amsgrad(c.getBoolean("amsgrad", false));
    }
}
