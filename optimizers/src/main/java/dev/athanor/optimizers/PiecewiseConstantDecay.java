package dev.athanor.optimizers;

import dev.athanor.core.Config;
import dev.athanor.core.LearningRateSchedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Piecewise constant: {@code values[0]} while {@code step <= boundaries[0]}, {@code values[i]}
 * while {@code boundaries[i-1] < step <= boundaries[i]}, and {@code values[n]} after the last
 * boundary.
 *
 * <p>Source: tf.keras 2.6 {@code keras/optimizer_v2/learning_rate_schedule.py}
 * (PiecewiseConstantDecay). {@code values} must have one more entry than {@code boundaries}, and
 * the boundaries must increase. The no-argument constructor gives {@code boundaries=[],
 * values=[0.01]}, a constant.
 */
public final class PiecewiseConstantDecay implements LearningRateSchedule {

    private double[] boundaries = {};
    private double[] values = {0.01};
    private String name;

    /** A constant schedule; set the arguments with {@link #set} or {@link #configure}. */
    public PiecewiseConstantDecay() {
    }

    /** Keras's {@code PiecewiseConstantDecay(boundaries, values)}. */
    public PiecewiseConstantDecay(double[] boundaries, double[] values) {
        set(boundaries, values);
    }

    /** Sets both lists (they are checked together). */
    public PiecewiseConstantDecay set(double[] boundaries, double[] values) {
        if (values.length != boundaries.length + 1) {
            throw new IllegalArgumentException("`values` must have one more element than `boundaries`. Received: "
                    + "len(boundaries)=" + boundaries.length + ", len(values)=" + values.length);
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (!(boundaries[i] > boundaries[i - 1])) {
                throw new IllegalArgumentException("`boundaries` must be increasing. Received: boundaries="
                        + java.util.Arrays.toString(boundaries));
            }
        }
        for (double v : values) {
            Checks.nonNegative("values", v);
        }
        this.boundaries = boundaries.clone();
        this.values = values.clone();
        return this;
    }

    /** Keras's optional name. */
    public PiecewiseConstantDecay name(String v) {
        this.name = v;
        return this;
    }

    @Override
    public double at(long step) {
        for (int i = 0; i < boundaries.length; i++) {
            if (step <= boundaries[i]) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    @Override
    public String registryName() {
        return "PiecewiseConstantDecay";
    }

    private static List<Object> list(double[] a, boolean integral) {
        List<Object> out = new ArrayList<>();
        for (double d : a) {
            out.add(integral && d == Math.rint(d) ? (Object) (long) d : (Object) d);
        }
        return out;
    }

    private static double[] array(Config c, String key, double[] dflt) {
        List<Object> l = c.getList(key);
        if (l == null) {
            return dflt;
        }
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Number n)) {
                throw new IllegalArgumentException("Config key '" + key + "' of PiecewiseConstantDecay must be a list"
                        + " of numbers. Received: " + key + "=" + l);
            }
            out[i] = n.doubleValue();
        }
        return out;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("boundaries", list(boundaries, true));
        c.put("values", list(values, false));
        c.put("name", name);
        return c;
    }

    @Override
    public void configure(Config c) {
        set(array(c, "boundaries", boundaries), array(c, "values", values));
        name(c.getString("name", null));
    }
}
