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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code BatchNormalization(axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True,
 * ...)} (keras/layers/normalization/batch_normalization.py, Keras 2.6).
 *
 * <p>Weights, in Keras order: {@code gamma} (if scale) and {@code beta} (if center), trainable;
 * then {@code moving_mean} and {@code moving_variance}, non-trainable; all of shape
 * {@code [input_shape[axis]]}.
 *
 * <p>Training ({@code training=true} and the layer trainable): with mean and var the batch moments
 * over every axis except {@code axis} (var the biased, divide-by-N variance of {@code tf.nn.moments}),
 * <pre>  output = gamma * (x - mean) / sqrt(var + epsilon) + beta</pre>
 * and the moving statistics are updated in place as Keras's {@code _assign_moving_average}:
 * <pre>  moving -= (moving - batch_value) * (1 - momentum)    i.e. moving * momentum + batch_value * (1 - momentum)</pre>
 * with the same biased variance for {@code moving_variance} (Keras 2.6's non-fused path uses
 * {@code nn.moments} for both; its fused path removes the Bessel correction that the fused kernel
 * applies, so both paths average the biased variance).
 *
 * <p>Inference (or a frozen layer, as Keras 2's V2 behaviour):
 * {@code gamma * (x - moving_mean) / sqrt(moving_variance + epsilon) + beta}.
 */
public class BatchNormalization extends SingleInputLayer {

    private Object axisSpec = -1;
    private double momentum = 0.99;
    private double epsilon = 1e-3;
    private boolean center = true;
    private boolean scale = true;
    private Initializer betaInitializer = new Zeros();
    private Initializer gammaInitializer = new Ones();
    private Initializer movingMeanInitializer = new Zeros();
    private Initializer movingVarianceInitializer = new Ones();
    private Regularizer betaRegularizer;
    private Regularizer gammaRegularizer;
    private Constraint betaConstraint;
    private Constraint gammaConstraint;

    private int axis = -1;
    private long[] broadcastShape;
    private Variable gamma;
    private Variable beta;
    private Variable movingMean;
    private Variable movingVariance;
    private long[] builtShape;

    /** Sets the feature axis (negative counts from the end; not the batch axis). */
    public BatchNormalization axis(int value) {
        requireUnbuilt();
        this.axisSpec = value;
        return this;
    }

    /** Sets the momentum of the moving averages, in [0, 1]. */
    public BatchNormalization momentum(double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("`momentum` must be in [0, 1]. Received: momentum=" + value);
        }
        this.momentum = value;
        return this;
    }

    /** Sets the variance fuzz (positive). */
    public BatchNormalization epsilon(double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException("`epsilon` must be positive. Received: epsilon=" + value);
        }
        this.epsilon = value;
        return this;
    }

    /** Whether to add the learned offset beta. */
    public BatchNormalization center(boolean value) {
        requireUnbuilt();
        this.center = value;
        return this;
    }

    /** Whether to multiply by the learned scale gamma. */
    public BatchNormalization scale(boolean value) {
        requireUnbuilt();
        this.scale = value;
        return this;
    }

    /** beta initializer (name, Keras JSON map or object). */
    public BatchNormalization betaInitializer(Object spec) {
        requireUnbuilt();
        betaInitializer = spec == null ? new Zeros() : Initializers.get(spec);
        return this;
    }

    /** gamma initializer (name, Keras JSON map or object). */
    public BatchNormalization gammaInitializer(Object spec) {
        requireUnbuilt();
        gammaInitializer = spec == null ? new Ones() : Initializers.get(spec);
        return this;
    }

    /** moving_mean initializer (name, Keras JSON map or object). */
    public BatchNormalization movingMeanInitializer(Object spec) {
        requireUnbuilt();
        movingMeanInitializer = spec == null ? new Zeros() : Initializers.get(spec);
        return this;
    }

    /** moving_variance initializer (name, Keras JSON map or object). */
    public BatchNormalization movingVarianceInitializer(Object spec) {
        requireUnbuilt();
        movingVarianceInitializer = spec == null ? new Ones() : Initializers.get(spec);
        return this;
    }

    /** beta regularizer (null: none). */
    public BatchNormalization betaRegularizer(Object spec) {
        requireUnbuilt();
        betaRegularizer = Regularizers.get(spec);
        return this;
    }

    /** gamma regularizer (null: none). */
    public BatchNormalization gammaRegularizer(Object spec) {
        requireUnbuilt();
        gammaRegularizer = Regularizers.get(spec);
        return this;
    }

    /** beta constraint (null: none). */
    public BatchNormalization betaConstraint(Object spec) {
        requireUnbuilt();
        betaConstraint = Constraints.get(spec);
        return this;
    }

    /** gamma constraint (null: none). */
    public BatchNormalization gammaConstraint(Object spec) {
        requireUnbuilt();
        gammaConstraint = Constraints.get(spec);
        return this;
    }

    private void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException("Layer '" + name() + "' is already built; configure it before use.");
        }
    }

    /** The moving mean variable (after build). */
    public Variable movingMean() {
        return movingMean;
    }

    /** The moving variance variable (after build). */
    public Variable movingVariance() {
        return movingVariance;
    }

    private int resolveAxis(int rank) {
        int a;
        if (axisSpec instanceof List<?> l) {
            if (l.size() != 1) {
                throw new IllegalArgumentException("Layer '" + name() + "' (BatchNormalization): only a single `axis` is"
                        + " supported. Received: axis=" + l);
            }
            a = ((Number) l.get(0)).intValue();
        } else {
            a = ((Number) axisSpec).intValue();
        }
        int r = a < 0 ? a + rank : a;
        if (r <= 0 || r >= rank) {
            throw new LayerShapeException("Layer '" + name() + "' (BatchNormalization): invalid axis " + a
                    + " for an input of rank " + rank + " (the batch axis 0 cannot be the feature axis).");
        }
        return r;
    }

    @Override
    protected void checkInputShape(long[] inputShape) {
        if (builtShape == null) {
            resolveAxis(inputShape.length);
            return;
        }
        if (inputShape.length != builtShape.length || inputShape[axis] != builtShape[axis]) {
            long[] expected = inputShape.length == builtShape.length ? inputShape.clone() : builtShape.clone();
            expected[axis] = builtShape[axis];
            throw new LayerShapeException(name(), expected, inputShape, "BatchNormalization was built for "
                    + builtShape[axis] + " features on axis " + axis + " of rank-" + builtShape.length + " inputs.");
        }
    }

    @Override
    protected void build(long[] inputShape) {
        int rank = inputShape.length;
        axis = resolveAxis(rank);
        long dim = inputShape[axis];
        if (dim < 0) {
            throw new LayerShapeException("Axis " + axis + " of the input to layer '" + name()
                    + "' (BatchNormalization) should have a defined dimension. Received input shape "
                    + Shapes.describe(inputShape) + ".");
        }
        long[] param = {dim};
        broadcastShape = new long[rank];
        Arrays.fill(broadcastShape, 1);
        broadcastShape[axis] = dim;
        if (scale) {
            gamma = addWeight("gamma", param, gammaInitializer, gammaRegularizer, gammaConstraint, true);
        }
        if (center) {
            beta = addWeight("beta", param, betaInitializer, betaRegularizer, betaConstraint, true);
        }
        movingMean = addWeight("moving_mean", param, movingMeanInitializer, null, null, false);
        movingVariance = addWeight("moving_variance", param, movingVarianceInitializer, null, null, false);
        builtShape = inputShape.clone();
        axisSpec = List.of(axis);
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
        Tensor normalized;
        if (training && trainable()) {
            // one fused op (column statistics of an [m, features] view): the generic ops cost ~10x more on conv maps
            dev.athanor.core.ops.BatchNormOps.Result r = dev.athanor.core.ops.BatchNormOps.training(x,
                    scale ? gamma.tensor() : null, center ? beta.tensor() : null, axis, epsilon);
            updateMoving(movingMean.value(), r.mean());
            updateMoving(movingVariance.value(), r.variance());
            return r.output();
        } else {
            INDArray mm = movingMean.value().reshape(broadcastShape).castTo(x.value().dataType());
            INDArray mv = movingVariance.value().reshape(broadcastShape).castTo(x.value().dataType());
            normalized = x.sub(Tensor.of(mm)).div(Tensor.of(mv).add(epsilon).sqrt());
        }
        if (scale) {
            normalized = normalized.mul(gamma.tensor().reshape(broadcastShape));
        }
        if (center) {
            normalized = normalized.add(beta.tensor().reshape(broadcastShape));
        }
        return normalized;
    }

    /** Keras's {@code variable.assign_sub((variable - value) * (1 - momentum))}, in place. */
    private void updateMoving(INDArray moving, INDArray batchValue) {
        INDArray v = batchValue.reshape(moving.shape()).castTo(moving.dataType());
        synchronized (moving) {
            moving.subi(moving.sub(v).muli(1.0 - momentum));
        }
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("axis", axisSpec);
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
        c.put("beta_initializer", Initializers.serialize(betaInitializer));
        c.put("gamma_initializer", Initializers.serialize(gammaInitializer));
        c.put("moving_mean_initializer", Initializers.serialize(movingMeanInitializer));
        c.put("moving_variance_initializer", Initializers.serialize(movingVarianceInitializer));
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
        } else if (a instanceof List<?> l && l.stream().allMatch(o -> o instanceof Number)) {
            axisSpec = l.stream().map(o -> ((Number) o).intValue()).toList();
            if (l.size() != 1) {
                throw new IllegalArgumentException("BatchNormalization supports a single `axis`. Received: axis=" + a);
            }
        } else {
            throw new IllegalArgumentException("Config key 'axis' of BatchNormalization must be an integer or a list of"
                    + " one integer. Received: axis=" + a);
        }
        momentum(c.getDouble("momentum", 0.99));
        epsilon(c.getDouble("epsilon", 1e-3));
        center(c.getBoolean("center", true));
        scale(c.getBoolean("scale", true));
        betaInitializer = LayerSpecs.initializer(c, "beta_initializer", new Zeros());
        gammaInitializer = LayerSpecs.initializer(c, "gamma_initializer", new Ones());
        movingMeanInitializer = LayerSpecs.initializer(c, "moving_mean_initializer", new Zeros());
        movingVarianceInitializer = LayerSpecs.initializer(c, "moving_variance_initializer", new Ones());
        betaRegularizer = LayerSpecs.regularizer(c, "beta_regularizer");
        gammaRegularizer = LayerSpecs.regularizer(c, "gamma_regularizer");
        betaConstraint = LayerSpecs.constraint(c, "beta_constraint");
        gammaConstraint = LayerSpecs.constraint(c, "gamma_constraint");
    }
}
