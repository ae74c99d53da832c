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
import dev.athanor.core.initializers.Zeros;
import dev.athanor.core.regularizers.Regularizers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code PReLU(alpha_initializer="Zeros", alpha_regularizer=None, alpha_constraint=None,
 * shared_axes=None)} (keras/src/layers/activations/prelu.py): {@code relu(x) - alpha · relu(-x)}
 * with a trainable {@code alpha} of the input's per-sample shape, size 1 along each of
 * {@code shared_axes} (1-based, counting the batch axis as 0, as Keras's). Every axis that is not
 * shared needs a known size when the layer is built; later inputs must match those sizes.
 */
public class PReLU extends SingleInputLayer {

    private Initializer alphaInitializer = new Zeros();
    private Regularizer alphaRegularizer;
    private Constraint alphaConstraint;
    private int[] sharedAxes;
    private long[] builtShape;
    private Variable alpha;

    /** Keras's defaults: alpha starts at zero, one value per input element. */
    public PReLU() {
    }

    /** {@code alpha_initializer}: a name, Keras JSON map or object. */
    public PReLU alphaInitializer(Object value) {
        this.alphaInitializer = value == null ? new Zeros() : Initializers.get(value);
        return this;
    }

    /** {@code alpha_regularizer} (null: none). */
    public PReLU alphaRegularizer(Object value) {
        this.alphaRegularizer = Regularizers.get(value);
        return this;
    }

    /** {@code alpha_constraint} (null: none). */
    public PReLU alphaConstraint(Object value) {
        this.alphaConstraint = Constraints.get(value);
        return this;
    }

    /** {@code shared_axes}: axes (1-based; 0 is the batch) along which one alpha is shared; none for null. */
    public PReLU sharedAxes(int... axes) {
        if (isBuilt()) {
            throw new IllegalStateException("Layer '" + name() + "' is already built; set shared_axes before use.");
        }
        if (axes != null) {
            for (int a : axes) {
                if (a < 1) {
                    throw new IllegalArgumentException("shared_axes of PReLU layer '" + name() + "' count from 1"
                            + " (axis 0 is the batch). Received: shared_axes=" + Arrays.toString(axes));
                }
            }
        }
        this.sharedAxes = axes == null ? null : axes.clone();
        return this;
    }

    /** The alpha weight (after build). */
    public Variable alpha() {
        return alpha;
    }

    private boolean shared(int axis) {
        if (sharedAxes != null) {
            for (int a : sharedAxes) {
                if (a == axis) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    protected void checkInputShape(long[] s) {
        if (sharedAxes != null) {
            for (int a : sharedAxes) {
                if (a >= s.length) {
                    throw new LayerShapeException("Layer '" + name() + "' (PReLU) shares axis " + a + " but its input "
                            + Shapes.describe(s) + " has only axes 1.." + (s.length - 1) + ".");
                }
            }
        }
        if (builtShape == null) {
            for (int i = 1; i < s.length; i++) {
                if (s[i] < 0 && !shared(i)) {
                    throw new LayerShapeException("Layer '" + name() + "' (PReLU) needs a known size on axis " + i
                            + " of its input " + Shapes.describe(s) + " for its alpha weight; list the axis in"
                            + " shared_axes to share one alpha along it.");
                }
            }
            return;
        }
        boolean ok = s.length == builtShape.length;
        for (int i = 1; ok && i < s.length; i++) {
            ok = shared(i) || s[i] < 0 || s[i] == builtShape[i];
        }
        if (!ok) {
            throw new LayerShapeException("Layer '" + name() + "' (PReLU) was built for inputs " + Shapes.describe(
                    builtShape) + " (shared_axes " + Arrays.toString(sharedAxes) + ") but received "
                    + Shapes.describe(s) + ".");
        }
    }

    @Override
    protected void build(long[] inputShape) {
        builtShape = inputShape.clone();
        long[] param = Arrays.copyOfRange(inputShape, 1, inputShape.length);
        for (int i = 0; i < param.length; i++) {
            if (shared(i + 1)) {
                param[i] = 1;
            }
        }
        alpha = addWeight("alpha", param, alphaInitializer, alphaRegularizer, alphaConstraint, true);
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return x.relu().sub(alpha.tensor().mul(x.neg().relu()));
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("alpha_initializer", Initializers.serialize(alphaInitializer));
        c.put("alpha_regularizer", Regularizers.serialize(alphaRegularizer));
        c.put("alpha_constraint", Constraints.serialize(alphaConstraint));
        if (sharedAxes == null) {
            c.put("shared_axes", null);
        } else {
            List<Integer> axes = new ArrayList<>();
            for (int a : sharedAxes) {
                axes.add(a);
            }
            c.put("shared_axes", axes);
        }
    }

    @Override
    protected void readConfig(Config c) {
        alphaInitializer = LayerSpecs.initializer(c, "alpha_initializer", new Zeros());
        alphaRegularizer = LayerSpecs.regularizer(c, "alpha_regularizer");
        alphaConstraint = LayerSpecs.constraint(c, "alpha_constraint");
        Object axes = c.get("shared_axes");
        // Keras accepts one integer as well as a list.
        sharedAxes(axes instanceof Number n ? new int[] {n.intValue()} : c.getInts("shared_axes"));
    }
}
