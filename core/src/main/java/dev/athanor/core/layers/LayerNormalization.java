package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Constraint;
import dev.athanor.core.Initializer;
import dev.athanor.core.Regularizer;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.constraints.Constraints;
import dev.athanor.core.initializers.Initializers;
import dev.athanor.core.initializers.Ones;
import dev.athanor.core.initializers.Zeros;
import dev.athanor.core.regularizers.Regularizers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code LayerNormalization(axis=-1, epsilon=0.001, center=True, scale=True,
 * beta_initializer="zeros", gamma_initializer="ones", ...)} (Keras 2.6): each sample is normalized
 * over {@code axis} (one axis or several), the same in training and inference:
 *
 * <pre>  output = gamma * (x - mean) / sqrt(var + epsilon) + beta</pre>
 *
 * with mean and the biased variance taken over the normalized axes. Weights, in Keras order:
 * {@code gamma} (if scale), then {@code beta} (if center), of shape {@code [input_shape[a] for a in axis]}.
 */
public class LayerNormalization extends SingleInputLayer {

    private Object axisSpec = -1;
    private double epsilon = 1e-3;
    private boolean center = true;
    private boolean scale = true;
    private Initializer betaInitializer = new Zeros();
    private Initializer gammaInitializer = new Ones();
    private Regularizer betaRegularizer;
    private Regularizer gammaRegularizer;
    private Constraint betaConstraint;
    private Constraint gammaConstraint;

    private int[] axes;
    private long[] broadcastShape;
    private long[] builtShape;
    private Variable gamma;
    private Variable beta;

    private void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException("Layer '" + name() + "' is already built; configure it before use.");
        }
    }

    /** The normalized axis (negative counts from the end; not the batch axis). */
    public LayerNormalization axis(int... value) {
        requireUnbuilt();
        if (value.length == 0) {
            throw new IllegalArgumentException("`axis` must name at least one axis.");
        }
        this.axisSpec = value.length == 1 ? (Object) value[0] : Arrays.stream(value).boxed().toList();
        return this;
    }

    /** Variance fuzz (positive, default 1e-3). */
    public LayerNormalization epsilon(double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException("`epsilon` must be positive. Received: epsilon=" + value);
        }
        this.epsilon = value;
        return this;
    }

    /** Whether to add the learned offset beta. */
    public LayerNormalization center(boolean value) {
        requireUnbuilt();
        this.center = value;
        return this;
    }

    /** Whether to multiply by the learned scale gamma. */
    public LayerNormalization scale(boolean value) {
        requireUnbuilt();
        this.scale = value;
        return this;
    }

    /** beta initializer (default zeros). */
    public LayerNormalization betaInitializer(Object spec) {
        requireUnbuilt();
        betaInitializer = spec == null ? new Zeros() : Initializers.get(spec);
        return this;
    }

    /** gamma initializer (default ones). */
    public LayerNormalization gammaInitializer(Object spec) {
        requireUnbuilt();
        gammaInitializer = spec == null ? new Ones() : Initializers.get(spec);
        return this;
    }

    /** beta regularizer (null: none). */
    public LayerNormalization betaRegularizer(Object spec) {
        requireUnbuilt();
        betaRegularizer = Regularizers.get(spec);
        return this;
    }

    /** gamma regularizer (null: none). */
    public LayerNormalization gammaRegularizer(Object spec) {
        requireUnbuilt();
        gammaRegularizer = Regularizers.get(spec);
        return this;
    }

    /** beta constraint (null: none). */
    public LayerNormalization betaConstraint(Object spec) {
        requireUnbuilt();
        betaConstraint = Constraints.get(spec);
        return this;
    }

    /** gamma constraint (null: none). */
    public LayerNormalization gammaConstraint(Object spec) {
        requireUnbuilt();
        gammaConstraint = Constraints.get(spec);
        return this;
    }

    private int[] resolveAxes(int rank) {
        List<Integer> raw = new ArrayList<>();
        if (axisSpec instanceof List<?> l) {
            l.forEach(o -> raw.add(((Number) o).intValue()));
        } else {
            raw.add(((Number) axisSpec).intValue());
        }
        int[] out = raw.stream().mapToInt(a -> a < 0 ? a + rank : a).sorted().distinct().toArray();
        for (int i = 0; i < out.length; i++) {
            if (out[i] <= 0 || out[i] >= rank) {
                throw new LayerShapeException("Layer '" + name() + "' (LayerNormalization): invalid axis " + raw
                        + " for an input of rank " + rank + " (the batch axis 0 cannot be normalized over).");
            }
        }
        return out;
    }

    @Override
    protected void checkInputShape(long[] inputShape) {
        int[] a = resolveAxes(inputShape.length);
        if (builtShape == null) {
            return;
        }
        boolean same = inputShape.length == builtShape.length;
        for (int i = 0; same && i < a.length; i++) {
            same = inputShape[a[i]] == builtShape[a[i]];
        }
        if (!same) {
            throw new LayerShapeException(name(), builtShape, inputShape, "LayerNormalization was built for axes "
                    + Arrays.toString(a) + " of shape " + Shapes.describe(builtShape) + ".");
        }
    }

    @Override
    protected void build(long[] inputShape) {
        axes = resolveAxes(inputShape.length);
        long[] param = new long[axes.length];
        broadcastShape = new long[inputShape.length];
        Arrays.fill(broadcastShape, 1);
        for (int i = 0; i < axes.length; i++) {
            param[i] = inputShape[axes[i]];
            if (param[i] < 0) {
                throw new LayerShapeException("Axis " + axes[i] + " of the input to layer '" + name()
                        + "' (LayerNormalization) should have a defined dimension. Received input shape "
                        + Shapes.describe(inputShape) + ".");
            }
            broadcastShape[axes[i]] = param[i];
        }
        if (scale) {
            gamma = addWeight("gamma", param, gammaInitializer, gammaRegularizer, gammaConstraint, true);
        }
        if (center) {
            beta = addWeight("beta", param, betaInitializer, betaRegularizer, betaConstraint, true);
        }
        builtShape = inputShape.clone();
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        return inputShape.clone();
    }

    /** Keras's {@code supports_masking = True}: a mask passes through unchanged. */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor mean = x.mean(axes, true);
        Tensor centered = x.sub(mean);
        Tensor variance = centered.square().mean(axes, true);
        Tensor y = centered.div(variance.add(epsilon).sqrt());
        if (scale) {
            y = y.mul(gamma.tensor().reshape(broadcastShape));
        }
        if (center) {
            y = y.add(beta.tensor().reshape(broadcastShape));
        }
        return y;
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("axis", axisSpec);
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
        c.put("beta_initializer", Initializers.serialize(betaInitializer));
        c.put("gamma_initializer", Initializers.serialize(gammaInitializer));
        c.put("beta_regularizer", Regularizers.serialize(betaRegularizer));
        c.put("gamma_regularizer", Regularizers.serialize(gammaRegularizer));
        c.put("beta_constraint", Constraints.serialize(betaConstraint));
        c.put("gamma_constraint", Constraints.serialize(gammaConstraint));
    }

    @Override
    protected void readConfig(Config c) {
        Object a = c.get("axis");
        if (a == null) {
            axisSpec = -1;
        } else if (a instanceof Number n) {
            axisSpec = n.intValue();
        } else if (a instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(o -> o instanceof Number)) {
            axisSpec = l.stream().map(o -> ((Number) o).intValue()).toList();
        } else {
            throw new IllegalArgumentException("Config key 'axis' of LayerNormalization must be an integer or a list"
                    + " of integers. Received: axis=" + a);
        }
        epsilon(c.getDouble("epsilon", 1e-3));
        center(c.getBoolean("center", true));
        scale(c.getBoolean("scale", true));
        betaInitializer = LayerSpecs.initializer(c, "beta_initializer", new Zeros());
        gammaInitializer = LayerSpecs.initializer(c, "gamma_initializer", new Ones());
        betaRegularizer = LayerSpecs.regularizer(c, "beta_regularizer");
        gammaRegularizer = LayerSpecs.regularizer(c, "gamma_regularizer");
        betaConstraint = LayerSpecs.constraint(c, "beta_constraint");
        gammaConstraint = LayerSpecs.constraint(c, "gamma_constraint");
    }
}
