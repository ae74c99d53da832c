package dev.athanor.optimizers;

import dev.athanor.core.Config;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adadelta.
 *
 * <pre>
 *   accum_grad = rho * accum_grad + (1 - rho) * g^2
 *   update     = sqrt(accum_var + epsilon) / sqrt(accum_grad + epsilon) * g
 *   accum_var  = rho * accum_var + (1 - rho) * update^2
 *   var -= lr * update
 * </pre>
 *
 * <p>Defaults: {@code learning_rate=0.001, rho=0.95, epsilon=1e-7}. Slots: {@code accum_grad},
 * {@code accum_var}. Source: tf.keras 2.6 {@code keras/optimizer_v2/adadelta.py}, which calls
 * TensorFlow's fused {@code ResourceApplyAdadelta} ({@code training_ops.cc}).
 */
public final class Adadelta extends BaseOptimizer<Adadelta> {

    private double rho = 0.95;
    private double epsilon = 1e-7;

    /** Keras's defaults. */
    public Adadelta() {
        super("Adadelta", 0.001);
    }

    /** Decay rate in [0, 1]. */
    public Adadelta rho(double v) {
        this.rho = Checks.closedUnit("rho", v);
        return this;
    }

    /** Fuzz factor (>= 0). */
    public Adadelta epsilon(double v) {
        this.epsilon = Checks.nonNegative("epsilon", v);
        return this;
    }

    @Override
    protected List<String> slotNames() {
        return List.of("accum_grad", "accum_var");
    }

    @Override
    protected void update(INDArray var, INDArray g, Slots s, double lr, long t) {
        INDArray accGrad = s.get(0);
        INDArray accVar = s.get(1);
        INDArray upd = s.scratch();
        INDArray tmp = s.scratch2();
        Ops.scale(rho, accGrad);
        Ops.axpy(1 - rho, Ops.square(g, tmp), accGrad);
        Ops.sqrt(upd.assign(accVar).addi(epsilon), upd);
        Ops.sqrt(tmp.assign(accGrad).addi(epsilon), tmp);
        upd.divi(tmp).muli(g);
        Ops.scale(rho, accVar);
        Ops.axpy(1 - rho, Ops.square(upd, tmp), accVar);
        Ops.axpy(-lr, upd, var);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("rho", rho);
        c.put("epsilon", epsilon);
    }

    @Override
    protected void readConfig(Config c) {
        rho(c.getDouble("rho", 0.95));
        epsilon(c.getDouble("epsilon", 1e-7));
    }
}
