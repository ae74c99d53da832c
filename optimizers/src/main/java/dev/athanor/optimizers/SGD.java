package dev.athanor.optimizers;

import dev.athanor.core.Config;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic gradient descent with optional (Nesterov) momentum.
 *
 * <pre>
 *   momentum == 0:  var -= lr * g
 *   otherwise:      velocity = momentum * velocity - lr * g
 *                   nesterov: var += momentum * velocity - lr * g
 *                   else:     var += velocity
 * </pre>
 *
 * <p>Defaults: {@code learning_rate=0.01, momentum=0.0, nesterov=false}. Slot (only when
 * {@code momentum > 0}): {@code momentum}. Source: tf.keras 2.6
 * {@code keras/optimizer_v2/gradient_descent.py}, which calls TensorFlow's fused
 * {@code ResourceApplyGradientDescent} / {@code ResourceApplyKerasMomentum}
 * ({@code tensorflow/core/kernels/training_ops.cc}).
 */
public final class SGD extends BaseOptimizer<SGD> {

    private double momentum;
    private boolean nesterov;

    /** Keras's defaults. */
    public SGD() {
        super("SGD", 0.01);
    }

    /** Momentum factor in [0, 1]. */
    public SGD momentum(double momentum) {
        Checks.closedUnit("momentum", momentum);
        if ((momentum > 0) != (this.momentum > 0)) {
            requireNotBuilt("momentum");
        }
        this.momentum = momentum;
        return this;
    }

    /** Whether to use Nesterov momentum. */
    public SGD nesterov(boolean nesterov) {
        this.nesterov = nesterov;
        return this;
    }

    @Override
    protected List<String> slotNames() {
        return momentum > 0 ? List.of("momentum") : List.of();
    }

    @Override
    protected void update(INDArray var, INDArray g, Slots s, double lr, long t) {
        if (momentum == 0) {
            Ops.axpy(-lr, g, var);
            return;
        }
        INDArray velocity = s.get(0);
        Ops.scale(momentum, velocity);
        Ops.axpy(-lr, g, velocity);
        if (nesterov) {
            Ops.axpy(momentum, velocity, var);
            Ops.axpy(-lr, g, var);
        } else {
            Ops.axpy(1.0, velocity, var);
        }
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("momentum", momentum);
        c.put("nesterov", nesterov);
    }

    @Override
    protected void readConfig(Config c) {
        momentum(c.getDouble("momentum", 0.0));
        nesterov(c.getBoolean("nesterov", false));
    }
}
