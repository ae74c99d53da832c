package dev.athanor.optimizers;

import dev.athanor.core.Config;
import dev.athanor.core.LearningRateSchedule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cosine decay with optional linear warm-up:
 * <pre>
 *   decayed(s, from) = from * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decay_steps)) + alpha)
 *   no warm-up (warmup_target null): lr = decayed(min(step, decay_steps), initial_learning_rate)
 *   warm-up:  s = min(step, decay_steps + warmup_steps)
 *             s &lt; warmup_steps:  lr = initial + (warmup_target - initial) * s / warmup_steps
 *             otherwise:         lr = decayed(s - warmup_steps, warmup_target)
 * </pre>
 *
 * <p>Source: tf.keras 2.6 {@code keras/optimizer_v2/learning_rate_schedule.py} (CosineDecay) for the
 * decay, Keras 3 {@code keras/src/optimizers/schedules/learning_rate_schedule.py} for the warm-up
 * ({@code warmup_target}, {@code warmup_steps}). Defaults: {@code alpha=0, warmup_target=null,
 * warmup_steps=0}; the no-argument constructor also sets {@code initial_learning_rate=0.01,
 * decay_steps=1}.
 */
public final class CosineDecay implements LearningRateSchedule {

    private double initialLearningRate = 0.01;
    private long decaySteps = 1;
    private double alpha;
    private Double warmupTarget;
    private long warmupSteps;
    private String name;

    /** Keras's defaults with {@code initial_learning_rate=0.01, decay_steps=1}. */
    public CosineDecay() {
    }

    /** Keras's {@code CosineDecay(initial_learning_rate, decay_steps)}. */
    public CosineDecay(double initialLearningRate, long decaySteps) {
        initialLearningRate(initialLearningRate).decaySteps(decaySteps);
    }

    /** The rate at step 0 (the warm-up's start when warming up). */
    public CosineDecay initialLearningRate(double v) {
        this.initialLearningRate = Checks.nonNegative("initial_learning_rate", v);
        return this;
    }

    /** Length of the cosine part (> 0). */
    public CosineDecay decaySteps(long v) {
        Checks.positive("decay_steps", v);
        this.decaySteps = v;
        return this;
    }

    /** Floor of the decay, as a fraction of the starting rate, in [0, 1]. */
    public CosineDecay alpha(double v) {
        this.alpha = Checks.closedUnit("alpha", v);
        return this;
    }

    /** The rate reached at the end of the warm-up; null disables the warm-up. */
    public CosineDecay warmupTarget(Double v) {
        this.warmupTarget = Checks.nonNegativeOrNull("warmup_target", v);
        return this;
    }

    /** Length of the linear warm-up (>= 0). */
    public CosineDecay warmupSteps(long v) {
        Checks.nonNegative("warmup_steps", v);
        this.warmupSteps = v;
        return this;
    }

    /** Keras's optional name. */
    public CosineDecay name(String v) {
        this.name = v;
        return this;
    }

    private double decayed(double s, double from) {
        double cosine = 0.5 * (1.0 + Math.cos(Math.PI * s / decaySteps));
        return from * ((1.0 - alpha) * cosine + alpha);
    }

    @Override
    public double at(long step) {
        if (warmupTarget == null) {
            return decayed(Math.min(step, decaySteps), initialLearningRate);
        }
        double s = Math.min(step, decaySteps + warmupSteps);
        if (s < warmupSteps) {
            return (warmupTarget - initialLearningRate) * (s / warmupSteps) + initialLearningRate;
        }
        return decayed(s - warmupSteps, warmupTarget);
    }

    @Override
    public String registryName() {
        return "CosineDecay";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("alpha", alpha);
        c.put("name", name);
        c.put("warmup_target", warmupTarget);
        c.put("warmup_steps", warmupSteps);
        return c;
    }

    @Override
    public void configure(Config c) {
        initialLearningRate(c.getDouble("initial_learning_rate", initialLearningRate));
        decaySteps(c.getLong("decay_steps", decaySteps));
        alpha(c.getDouble("alpha", alpha));
        name(c.getString("name", null));
        warmupTarget(c.getDoubleOrNull("warmup_target"));
        warmupSteps(c.getLong("warmup_steps", warmupSteps));
    }
}
