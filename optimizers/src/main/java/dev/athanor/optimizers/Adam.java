package dev.athanor.optimizers;

import dev.athanor.core.Config;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam, optionally AMSGrad, in Keras's "epsilon hat" form (bias correction folded into the step
 * size, epsilon added to the uncorrected {@code sqrt(v)}).
 *
 * <pre>
 *   t     = iterations + 1
 *   alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
 *   m     = beta_1 * m + (1 - beta_1) * g
 *   v     = beta_2 * v + (1 - beta_2) * g^2
 *   amsgrad: vhat = max(vhat, v);  var -= alpha * m / (sqrt(vhat) + epsilon)
 *   else:                          var -= alpha * m / (sqrt(v) + epsilon)
 * </pre>
 *
 * <p>Defaults: {@code learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
 * amsgrad=false}. Slots: {@code m}, {@code v}, then {@code vhat} if amsgrad. Source: tf.keras 2.6
 * {@code keras/optimizer_v2/adam.py}, which calls TensorFlow's fused {@code ResourceApplyAdam} /
 * {@code ResourceApplyAdamWithAmsgrad} ({@code training_ops.cc}).
 */
public final class Adam extends BaseOptimizer<Adam> {

    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;
    private boolean amsgrad;

    /** Keras's defaults. */
    public Adam() {
        super("Adam", 0.001);
    }

    /** Decay of the first moment, in [0, 1). */
    public Adam beta1(double v) {
        this.beta1 = Checks.halfOpenUnit("beta_1", v);
        return this;
    }

    /** Decay of the second moment, in [0, 1). */
    public Adam beta2(double v) {
        this.beta2 = Checks.halfOpenUnit("beta_2", v);
        return this;
    }

    /** Fuzz factor (>= 0). */
    public Adam epsilon(double v) {
        this.epsilon = Checks.nonNegative("epsilon", v);
        return this;
    }

    /** Whether to use AMSGrad (the running maximum of {@code v}). */
    public Adam amsgrad(boolean v) {
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

    /**
     * One Adam step on {@code var}; shared with {@link AdamW}. On dense float/double arrays this is
     * one fused pass in Java ({@link FusedAdam}, TensorFlow's {@code ApplyAdam} formula); otherwise
     * ND4J ops in place.
     */
    static void step(INDArray var, INDArray g, Slots s, boolean amsgrad, double lr, long t, double beta1,
            double beta2, double epsilon) {
        INDArray m = s.get(0);
        INDArray v = s.get(1);
        INDArray vhat = amsgrad ? s.get(2) : null;
        if (FusedAdam.supports(var, g, m, v, vhat)) {
            FusedAdam.apply(var, g, m, v, vhat, alpha(lr, beta1, beta2, t), beta1, beta2, epsilon);
            return;
        }
        INDArray tmp = s.scratch();
        double alpha = alpha(lr, beta1, beta2, t);
        Ops.scale(beta1, m);
        Ops.axpy(1 - beta1, g, m);
        Ops.scale(beta2, v);
        Ops.axpy(1 - beta2, Ops.square(g, tmp), v);
        INDArray second = v;
        if (amsgrad) {
            second = Transforms.max(s.get(2), v, false);
        }
        Ops.sqrt(second, tmp).addi(epsilon);
        m.div(tmp, tmp);
        Ops.axpy(-alpha, tmp, var);
    }

    /** {@code lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)}. */
    static double alpha(double lr, double beta1, double beta2, long t) {
        return lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    }

    @Override
    protected void update(INDArray var, INDArray g, Slots s, double lr, long t) {
        step(var, g, s, amsgrad, lr, t, beta1, beta2, epsilon);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        c.put("amsgrad", amsgrad);
    }

    @Override
    protected void readConfig(Config c) {
        beta1(c.getDouble("beta_1", 0.9));
        beta2(c.getDouble("beta_2", 0.999));
        epsilon(c.getDouble("epsilon", 1e-7));
        amsgrad(c.getBoolean("amsgrad", false));
    }
}
