package dev.athanor.optimizers;

import dev.athanor.core.Config;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adagrad.
 *
 * <pre>
 *   accumulator += g^2
 *   var -= lr * g / (sqrt(accumulator) + epsilon)      tf.keras 2.6 (the default)
 *   var -= lr * g / sqrt(accumulator + epsilon)        Keras 3 (epsilon_inside_sqrt = true)
 * </pre>
 *
 * <p>Defaults: {@code learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7,
 * epsilon_inside_sqrt=false}. Slot: {@code accumulator} (starts at
 * {@code initial_accumulator_value}). Sources: tf.keras 2.6 {@code keras/optimizer_v2/adagrad.py},
 * which calls TensorFlow's fused {@code ResourceApplyAdagradV2} ({@code training_ops.cc}); Keras 3
 * {@code keras/src/optimizers/adagrad.py}. {@code epsilon_inside_sqrt} is Athanor's (Keras has
 * one rule per version): the model files set it, see the module README.
 */
public final class Adagrad extends BaseOptimizer<Adagrad> {

    private double initialAccumulatorValue = 0.1;
    private double epsilon = 1e-7;
    private boolean epsilonInsideSqrt;

    /** Keras's defaults. */
    public Adagrad() {
        super("Adagrad", 0.001);
    }

    /** Starting value of the accumulator (>= 0). */
    public Adagrad initialAccumulatorValue(double v) {
        Checks.nonNegative("initial_accumulator_value", v);
        if (v != initialAccumulatorValue) {
            requireNotBuilt("initial_accumulator_value");
        }
        this.initialAccumulatorValue = v;
        return this;
    }

    /** Fuzz factor added to the denominator (>= 0). */
    public Adagrad epsilon(double v) {
        this.epsilon = Checks.nonNegative("epsilon", v);
        return this;
    }

    /**
     * Keras 3's rule ({@code sqrt(accumulator + epsilon)}) instead of tf.keras 2.6's
     * ({@code sqrt(accumulator) + epsilon}); loading a Keras 3 file sets it.
     */
    public Adagrad epsilonInsideSqrt(boolean v) {
        this.epsilonInsideSqrt = v;
        return this;
    }

    /** Whether epsilon is added inside the square root (Keras 3's rule). */
    public boolean epsilonInsideSqrt() {
        return epsilonInsideSqrt;
    }

    @Override
    protected List<String> slotNames() {
        return List.of("accumulator");
    }

    @Override
    protected double slotInitialValue(String slot) {
        return initialAccumulatorValue;
    }

    @Override
    protected void update(INDArray var, INDArray g, Slots s, double lr, long t) {
        INDArray acc = s.get(0);
        INDArray tmp = Ops.square(g, s.scratch());
        acc.addi(tmp);
        if (epsilonInsideSqrt) {
            Ops.sqrt(tmp.assign(acc).addi(epsilon), tmp);
        } else {
            Ops.sqrt(acc, tmp).addi(epsilon);
        }
        g.div(tmp, tmp);
        Ops.axpy(-lr, tmp, var);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("initial_accumulator_value", initialAccumulatorValue);
        c.put("epsilon", epsilon);
        if (epsilonInsideSqrt) {
            c.put("epsilon_inside_sqrt", true); // only when set: Keras's own configs have no such key
        }
    }

    @Override
    protected void readConfig(Config c) {
        initialAccumulatorValue(c.getDouble("initial_accumulator_value", 0.1));
        epsilon(c.getDouble("epsilon", 1e-7));
        epsilonInsideSqrt(c.getBoolean("epsilon_inside_sqrt", false));
    }
}
