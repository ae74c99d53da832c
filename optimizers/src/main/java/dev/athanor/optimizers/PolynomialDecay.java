package dev.athanor.optimizers;

import dev.athanor.core.Config;
import dev.athanor.core.LearningRateSchedule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Polynomial decay from {@code initial_learning_rate} to {@code end_learning_rate} over
 * {@code decay_steps}:
 * <pre>
 *   if cycle:  decay_steps' = decay_steps * (step == 0 ? 1 : ceil(step / decay_steps))
 *   else:      step' = min(step, decay_steps)
 *   lr = (initial - end) * (1 - step' / decay_steps') ^ power + end
 * </pre>
 *
 * <p>Source: tf.keras 2.6 {@code keras/optimizer_v2/learning_rate_schedule.py} (PolynomialDecay).
 * Defaults: {@code end_learning_rate=0.0001, power=1.0, cycle=false}; the no-argument constructor
 * also sets {@code initial_learning_rate=0.01, decay_steps=1}.
 */
public final class PolynomialDecay implements LearningRateSchedule {

    private double initialLearningRate = 0.01;
    private long decaySteps = 1;
    private double endLearningRate = 0.0001;
    private double power = 1.0;
    private boolean cycle;
    private String name;

    /** Keras's defaults with {@code initial_learning_rate=0.01, decay_steps=1}. */
    public PolynomialDecay() {
    }

    /** Keras's {@code PolynomialDecay(initial_learning_rate, decay_steps)}. */
    public PolynomialDecay(double initialLearningRate, long decaySteps) {
        initialLearningRate(initialLearningRate).decaySteps(decaySteps);
    }

    /** The rate at step 0. */
    public PolynomialDecay initialLearningRate(double v) {
        this.initialLearningRate = Checks.nonNegative("initial_learning_rate", v);
        return this;
    }

    /** Steps to reach the end rate (> 0). */
    public PolynomialDecay decaySteps(long v) {
        Checks.positive("decay_steps", v);
        this.decaySteps = v;
        return this;
    }

    /** The final rate. */
    public PolynomialDecay endLearningRate(double v) {
        this.endLearningRate = Checks.nonNegative("end_learning_rate", v);
        return this;
    }

    /** The polynomial's power. */
    public PolynomialDecay power(double v) {
        this.power = Checks.finite("power", v);
        return this;
    }

    /** Whether to restart after {@code decay_steps}. */
    public PolynomialDecay cycle(boolean v) {
        this.cycle = v;
        return this;
    }

    /** Keras's optional name. */
    public PolynomialDecay name(String v) {
        this.name = v;
        return this;
    }

    @Override
    public double at(long step) {
        double s = step;
        double ds = decaySteps;
        if (cycle) {
            ds = ds * (step == 0 ? 1.0 : Math.ceil(s / ds));
        } else {
            s = Math.min(s, ds);
        }
        return (initialLearningRate - endLearningRate) * Math.pow(1.0 - s / ds, power) + endLearningRate;
    }

    @Override
    public String registryName() {
        return "PolynomialDecay";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("end_learning_rate", endLearningRate);
        c.put("power", power);
        c.put("cycle", cycle);
        c.put("name", name);
        return c;
    }

    @Override
    public void configure(Config c) {
        initialLearningRate(c.getDouble("initial_learning_rate", initialLearningRate));
        decaySteps(c.getLong("decay_steps", decaySteps));
        endLearningRate(c.getDouble("end_learning_rate", endLearningRate));
        power(c.getDouble("power", power));
        cycle(c.getBoolean("cycle", cycle));
        name(c.getString("name", null));
    }
}
