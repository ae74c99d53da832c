package dev.athanor.optimizers;

import dev.athanor.core.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * RMSprop, plain or centered, with optional momentum.
 *
 * <pre>
 *   rms = rho * rms + (1 - rho) * g^2
 *   centered: mg = rho * mg + (1 - rho) * g;  denom = rms - mg^2     else denom = rms
 *   momentum == 0:  var -= lr * g / (sqrt(denom) + epsilon)        (Keras 3: lr * g / sqrt(denom + epsilon))
 *   momentum &gt; 0:  mom = momentum * mom + lr * g / sqrt(denom + epsilon);  var -= mom
 * </pre>
 * Note where epsilon goes: in tf.keras 2.6 (the default) outside the square root without
 * momentum (Keras's Python update), inside it with momentum (TensorFlow's fused
 * {@code ResourceApplyRMSProp} / {@code ResourceApplyCenteredRMSProp}, which Keras calls in that
 * case). Keras 3 puts it inside in every case: {@code epsilon_inside_sqrt = true} (Athanor's
 * option, which loading a Keras 3 file sets; see the module README).
 *
 * <p>Defaults: {@code learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7,
 * centered=false, epsilon_inside_sqrt=false}. Slots: {@code rms}, then {@code momentum} (if
 * {@code momentum > 0}), then {@code mg} (if centered). Sources: tf.keras 2.6
 * {@code keras/optimizer_v2/rmsprop.py}; Keras 3 {@code keras/src/optimizers/rmsprop.py}.
 */
public final class RMSprop extends BaseOptimizer<RMSprop> {

    private double rho = 0.9;
    private double momentum;
    private double epsilon = 1e-7;
    private boolean centered;
    private boolean epsilonInsideSqrt;

    /** Keras's defaults. */
    public RMSprop() {
        super("RMSprop", 0.001);
    }

    /** Discounting factor in [0, 1]. */
    public RMSprop rho(double v) {
        this.rho = Checks.closedUnit("rho", v);
        return this;
    }

    /** Momentum in [0, 1]. */
    public RMSprop momentum(double v) {
        Checks.closedUnit("momentum", v);
        if ((v > 0) != (momentum > 0)) {
            requireNotBuilt("momentum");
        }
        this.momentum = v;
        return this;
    }

    /** Fuzz factor (>= 0). */
    public RMSprop epsilon(double v) {
        this.epsilon = Checks.nonNegative("epsilon", v);
        return this;
    }

    /** Whether to normalise by the estimated variance instead of the second moment. */
    public RMSprop centered(boolean v) {
        if (v != centered) {
            requireNotBuilt("centered");
        }
        this.centered = v;
        return this;
    }

    /**
     * Keras 3's rule (epsilon inside the square root also without momentum) instead of
     * tf.keras 2.6's; loading a Keras 3 file sets it. With momentum both rules are the same.
     */
    public RMSprop epsilonInsideSqrt(boolean v) {
        this.epsilonInsideSqrt = v;
        return this;
    }

    /** Whether epsilon is added inside the square root also without momentum (Keras 3's rule). */
    public boolean epsilonInsideSqrt() {
        return epsilonInsideSqrt;
    }

    @Override
    protected List<String> slotNames() {
        List<String> s = new ArrayList<>(List.of("rms"));
        if (momentum > 0) {
            s.add("momentum");
        }
        if (centered) {
            s.add("mg");
        }
        return s;
    }

    @Override
    protected void update(INDArray var, INDArray g, Slots s, double lr, long t) {
        INDArray rms = s.get(0);
        INDArray tmp = Ops.square(g, s.scratch());
        Ops.scale(rho, rms);
        Ops.axpy(1 - rho, tmp, rms);
        INDArray denom = rms;
        if (centered) {
            INDArray mg = s.get(momentum > 0 ? 2 : 1);
            Ops.scale(rho, mg);
            Ops.axpy(1 - rho, g, mg);
            Ops.square(mg, tmp).rsubi(rms);
            denom = tmp;
        }
        if (momentum > 0 || epsilonInsideSqrt) {
            if (denom != tmp) {
                tmp.assign(denom);
            }
            tmp.addi(epsilon);
            Ops.sqrt(tmp, tmp);
            g.div(tmp, tmp);
            if (momentum > 0) {
                INDArray mom = s.get(1);
                Ops.scale(momentum, mom);
                Ops.axpy(lr, tmp, mom);
                Ops.axpy(-1.0, mom, var);
            } else {
                Ops.axpy(-lr, tmp, var);
            }
        } else {
            Ops.sqrt(denom, tmp).addi(epsilon);
            g.div(tmp, tmp);
            Ops.axpy(-lr, tmp, var);
        }
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("rho", rho);
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        c.put("centered", centered);
        if (epsilonInsideSqrt) {
            c.put("epsilon_inside_sqrt", true); // only when set: Keras's own configs have no such key
        }
    }

    @Override
    protected void readConfig(Config c) {
        rho(c.getDouble("rho", 0.9));
        momentum(c.getDouble("momentum", 0.0));
        epsilon(c.getDouble("epsilon", 1e-7));
        centered(c.getBoolean("centered", false));
        epsilonInsideSqrt(c.getBoolean("epsilon_inside_sqrt", false));
    }
}
