package dev.athanor.optimizers;

import dev.athanor.core.Config;
import dev.athanor.core.Variable;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Nadam: Adam with Nesterov momentum and Keras 2's momentum schedule.
 *
 * <pre>
 *   t      = iterations + 1
 *   mu_t   = beta_1 * (1 - 0.5 * 0.96^(decay * t))          (decay = schedule decay, 0.004)
 *   mu_t1  = beta_1 * (1 - 0.5 * 0.96^(decay * (t + 1)))
 *   momentum_cache = momentum_cache * mu_t                    (starts at 1)
 *   m      = beta_1 * m + (1 - beta_1) * g
 *   v      = beta_2 * v + (1 - beta_2) * g^2
 *   m_bar  = (1 - mu_t) * g / (1 - momentum_cache) + mu_t1 * m / (1 - momentum_cache * mu_t1)
 *   var   -= lr * m_bar / (sqrt(v / (1 - beta_2^t)) + epsilon)
 * </pre>
 *
 * <p>Defaults: {@code learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
 * decay=0.004}. As in Keras 2.6, {@code decay} (legacy name {@code schedule_decay}) is the
 * momentum schedule's decay and does <em>not</em> decay the learning rate. Weights: after
 * {@code Nadam/iter:0} the scalar {@code Nadam/momentum_cache:0}, then slots {@code m},
 * {@code v}. Source: tf.keras 2.6 {@code keras/optimizer_v2/nadam.py}. Unlike Keras 2.6 (which
 * rejects them) a learning-rate schedule is accepted, evaluated at {@code iterations}.
 */
public final class Nadam extends BaseOptimizer<Nadam> {

    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-7;

    private Variable momentumCache;
    private double muT;
    private double muT1;
    private double scheduleNew;
    private double scheduleNext;

    /** Keras's defaults. */
    public Nadam() {
        super("Nadam", 0.001);
        decay(0.004);
    }

    /** Decay of the first moment, in [0, 1). */
    public Nadam beta1(double v) {
        this.beta1 = Checks.halfOpenUnit("beta_1", v);
        return this;
    }

    /** Decay of the second moment, in [0, 1). */
    public Nadam beta2(double v) {
        this.beta2 = Checks.halfOpenUnit("beta_2", v);
        return this;
    }

    /** Fuzz factor (>= 0). */
    public Nadam epsilon(double v) {
        this.epsilon = Checks.nonNegative("epsilon", v);
        return this;
    }

    @Override
    protected boolean decayAppliesToLearningRate() {
        return false;
    }

    @Override
    protected double defaultDecay() {
        return 0.004;
    }

    @Override
    protected String[] legacyDecayNames() {
        return new String[] {"schedule_decay"};
    }

    @Override
    protected List<String> slotNames() {
        return List.of("m", "v");
    }

    @Override
    protected List<Variable> createGlobalWeights(DataType dtype) {
        momentumCache = globalWeight("momentum_cache", dtype, 1.0);
        return List.of(momentumCache);
    }

    @Override
    protected void beginStep(double lr, long t) {
        double d = decay();
        muT = beta1 * (1.0 - 0.5 * Math.pow(0.96, d * t));
        muT1 = beta1 * (1.0 - 0.5 * Math.pow(0.96, d * (t + 1)));
        INDArray cache = momentumCache.value();
        scheduleNew = cache.getDouble(0) * muT;
        cache.putScalar(0, scheduleNew);
        scheduleNext = scheduleNew * muT1;
    }

    @Override
    protected void update(INDArray var, INDArray g, Slots s, double lr, long t) {
        INDArray m = s.get(0);
        INDArray v = s.get(1);
        INDArray den = s.scratch();
        INDArray mBar = s.scratch2();
        Ops.scale(beta1, m);
        Ops.axpy(1 - beta1, g, m);
        Ops.scale(beta2, v);
        Ops.axpy(1 - beta2, Ops.square(g, den), v);
        Ops.scale(1.0 / Math.sqrt(1.0 - Math.pow(beta2, t)), Ops.sqrt(v, den));
        den.addi(epsilon);
        m.mul(muT1 / (1.0 - scheduleNext), mBar);
        Ops.axpy((1.0 - muT) / (1.0 - scheduleNew), g, mBar);
        mBar.divi(den);
        Ops.axpy(-lr, mBar, var);
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
