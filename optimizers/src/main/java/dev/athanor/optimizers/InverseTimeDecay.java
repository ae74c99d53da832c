package dev.athanor.optimizers;

import dev.athanor.core.Config;
import dev.athanor.core.LearningRateSchedule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Inverse-time decay: {@code lr(step) = initial_learning_rate / (1 + decay_rate * step / decay_steps)},
 * with {@code step / decay_steps} floored when {@code staircase}.
 *
 * <p>Source: tf.keras 2.6 {@code keras/optimizer_v2/learning_rate_schedule.py} (InverseTimeDecay).
 * The no-argument constructor gives {@code initial_learning_rate=0.01, decay_steps=1,
 * decay_rate=0}, a constant.
 */
public final class InverseTimeDecay implements LearningRateSchedule {

    private double initialLearningRate = 0.01;
    private long decaySteps = 1;
    private double decayRate;
    private boolean staircase;
    private String name;

    /** A constant schedule; set the arguments with the setters or {@link #configure}. */
    public InverseTimeDecay() {
    }

    /** Keras's {@code InverseTimeDecay(initial_learning_rate, decay_steps, decay_rate)}. */
    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate) {
        initialLearningRate(initialLearningRate).decaySteps(decaySteps).decayRate(decayRate);
    }

    /** The rate at step 0. */
    public InverseTimeDecay initialLearningRate(double v) {
        this.initialLearningRate = Checks.nonNegative("initial_learning_rate", v);
        return this;
    }

    /** Steps per decay period (> 0). */
    public InverseTimeDecay decaySteps(long v) {
        Checks.positive("decay_steps", v);
        this.decaySteps = v;
        return this;
    }

    /** Decay per period (>= 0). */
    public InverseTimeDecay decayRate(double v) {
        this.decayRate = Checks.nonNegative("decay_rate", v);
        return this;
    }

    /** Whether to decay in discrete steps. */
    public InverseTimeDecay staircase(boolean v) {
        this.staircase = v;
        return this;
    }

    /** Keras's optional name. */
    public InverseTimeDecay name(String v) {
        this.name = v;
        return this;
    }

    @Override
    public double at(long step) {
        double p = (double) step / decaySteps;
        if (staircase) {
            p = Math.floor(p);
        }
        return initialLearningRate / (1.0 + decayRate * p);
    }

    @Override
    public String registryName() {
        return "InverseTimeDecay";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("decay_rate", decayRate);
        c.put("staircase", staircase);
        c.put("name", name);
        return c;
    }

    @Override
    public void configure(Config c) {
        initialLearningRate(c.getDouble("initial_learning_rate", initialLearningRate));
        decaySteps(c.getLong("decay_steps", decaySteps));
        decayRate(c.getDouble("decay_rate", decayRate));
        staircase(c.getBoolean("staircase", staircase));
        name(c.getString("name", null));
    }
}
