package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Constraint;
import dev.athanor.core.Initializer;
import dev.athanor.core.Regularizer;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.activations.Activations;
import dev.athanor.core.constraints.Constraints;
import dev.athanor.core.initializers.GlorotUniform;
import dev.athanor.core.initializers.Initializers;
import dev.athanor.core.initializers.Zeros;
import dev.athanor.core.regularizers.Regularizers;
import java.util.Arrays;
import java.util.Map;

/**
 * Keras's densely connected layer {@code Dense(units, activation=None, use_bias=True,
 * kernel_initializer="glorot_uniform", bias_initializer="zeros", ...)} (keras/layers/core.py,
 * Keras 2.6):
 *
 * <pre>  output = activation(dot(input, kernel) + bias)</pre>
 *
 * with weights {@code kernel [in, units]} then {@code bias [units]}. An input of rank &gt; 2 is
 * transformed along its last axis ({@code [..., in] -> [..., units]}, Keras's tensordot). The
 * activity regularizer, when set, adds {@code penalty(output) / batch_size} to the losses.
 */
public class Dense extends SingleInputLayer {

    private int units;
    private dev.athanor.core.activations.Activation activation = Activations.get("linear");
    private boolean useBias = true;
    private Initializer kernelInitializer = new GlorotUniform();
    private Initializer biasInitializer = new Zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Regularizer activityRegularizer;
    private Constraint kernelConstraint;
    private Constraint biasConstraint;
    private Variable kernel;
    private Variable bias;
    private long inputFeatures = -1;

    /** For the registry; {@code units} must be configured. */
    public Dense() {
    }

    /** A layer with {@code units} outputs. */
    public Dense(int units) {
        units(units);
    }

    /** Sets the output dimension (positive). */
    public Dense units(int value) {
        requireUnbuilt();
        if (value <= 0) {
            throw new IllegalArgumentException("`units` must be a positive integer. Received: units=" + value);
        }
        this.units = value;
        return this;
    }

    /** The output dimension. */
    public int units() {
        return units;
    }

    /** Sets the activation by Keras name (null: linear). */
    public Dense activation(String name) {
        this.activation = Activations.get(name);
        return this;
    }

    /** Sets the activation (a custom one cannot be written to a config). */
    public Dense activation(dev.athanor.core.activations.Activation value) {
        this.activation = value == null ? Activations.get("linear") : value;
        return this;
    }

    /** Whether to add a bias. */
    public Dense useBias(boolean value) {
        requireUnbuilt();
        this.useBias = value;
        return this;
    }

    /** Kernel initializer by name, Keras JSON map, or object. */
    public Dense kernelInitializer(Object spec) {
        requireUnbuilt();
        this.kernelInitializer = spec == null ? new GlorotUniform() : Initializers.get(spec);
        return this;
    }

    /** Bias initializer by name, Keras JSON map, or object. */
    public Dense biasInitializer(Object spec) {
        requireUnbuilt();
        this.biasInitializer = spec == null ? new Zeros() : Initializers.get(spec);
        return this;
    }

    /** Kernel regularizer by name, Keras JSON map, or object (null: none). */
    public Dense kernelRegularizer(Object spec) {
        requireUnbuilt();
        this.kernelRegularizer = Regularizers.get(spec);
        return this;
    }

    /** Bias regularizer by name, Keras JSON map, or object (null: none). */
    public Dense biasRegularizer(Object spec) {
        requireUnbuilt();
        this.biasRegularizer = Regularizers.get(spec);
        return this;
    }

    /** Output (activity) regularizer by name, Keras JSON map, or object (null: none). */
    public Dense activityRegularizer(Object spec) {
        this.activityRegularizer = Regularizers.get(spec);
        return this;
    }

    /** Kernel constraint by name, Keras JSON map, or object (null: none). */
    public Dense kernelConstraint(Object spec) {
        requireUnbuilt();
        this.kernelConstraint = Constraints.get(spec);
        return this;
    }

    /** Bias constraint by name, Keras JSON map, or object (null: none). */
    public Dense biasConstraint(Object spec) {
        requireUnbuilt();
        this.biasConstraint = Constraints.get(spec);
        return this;
    }

    private void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException("Layer '" + name() + "' is already built; configure it before use.");
        }
    }

    /** The activation. */
    public dev.athanor.core.activations.Activation activation() {
        return activation;
    }

    /** The output (activity) regularizer, or null. */
    public Regularizer activityRegularizer() {
        return activityRegularizer;
    }

    /** The kernel variable (after build). */
    public Variable kernel() {
        return kernel;
    }

    /** The bias variable (after build; null without bias). */
    public Variable bias() {
        return bias;
    }

    /** Passes the input's Keras mask on (Keras's {@code supports_masking = True}). */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected void checkInputShape(long[] inputShape) {
        if (inputShape.length < 2) {
            throw new LayerShapeException("Layer '" + name() + "' expects an input of rank >= 2 (batch, ..., features)"
                    + " but received shape " + dev.athanor.core.Shapes.describe(inputShape) + ".");
        }
        long last = inputShape[inputShape.length - 1];
        if (inputFeatures >= 0 && last != inputFeatures) {
            long[] expected = inputShape.clone();
            expected[expected.length - 1] = inputFeatures;
            throw new LayerShapeException(name(), expected, inputShape,
                    "Dense was built for " + inputFeatures + " input features but received " + last + ".");
        }
    }

    @Override
    protected void build(long[] inputShape) {
        if (units <= 0) {
            throw new IllegalStateException("Layer '" + name() + "' has no `units`; set them before building.");
        }
        long last = inputShape[inputShape.length - 1];
        if (last < 0) {
            throw new LayerShapeException("The last dimension of the inputs to layer '" + name()
                    + "' (Dense) should be defined. Found None in shape "
                    + dev.athanor.core.Shapes.describe(inputShape) + ".");
        }
        kernel = addWeight("kernel", new long[] {last, units}, kernelInitializer, kernelRegularizer,
                kernelConstraint, true);
        if (useBias) {
            bias = addWeight("bias", new long[] {units}, biasInitializer, biasRegularizer, biasConstraint, true);
        }
        inputFeatures = last;
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        long[] out = inputShape.clone();
        out[out.length - 1] = units;
        return out;
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        long[] shape = input.shape();
        Tensor x = shape.length == 2 ? input : input.reshape(-1, inputFeatures);
        Tensor y = x.linear(kernel.tensor(), useBias ? bias.tensor() : null);
        if (shape.length > 2) {
            long[] outShape = Arrays.copyOf(shape, shape.length);
            outShape[outShape.length - 1] = units;
            y = y.reshape(outShape);
        }
        Tensor out = activation.apply(y);
        if (activityRegularizer != null) {
            addLoss(activityRegularizer.penalty(out).div((double) shape[0]));
        }
        return out;
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("units", units);
        c.put("activation", Activations.nameOf(activation));
        c.put("use_bias", useBias);
        c.put("kernel_initializer", Initializers.serialize(kernelInitializer));
        c.put("bias_initializer", Initializers.serialize(biasInitializer));
        c.put("kernel_regularizer", Regularizers.serialize(kernelRegularizer));
        c.put("bias_regularizer", Regularizers.serialize(biasRegularizer));
        c.put("activity_regularizer", Regularizers.serialize(activityRegularizer));
        c.put("kernel_constraint", Constraints.serialize(kernelConstraint));
        c.put("bias_constraint", Constraints.serialize(biasConstraint));
    }

    @Override
    protected void readConfig(Config c) {
        if (!c.has("units")) {
            throw new IllegalArgumentException("The config of Dense needs 'units'.");
        }
        units(c.getInt("units", 0));
        activation(LayerSpecs.activationName(c, "activation"));
        useBias(c.getBoolean("use_bias", true));
        kernelInitializer = LayerSpecs.initializer(c, "kernel_initializer", new GlorotUniform());
        biasInitializer = LayerSpecs.initializer(c, "bias_initializer", new Zeros());
        kernelRegularizer = LayerSpecs.regularizer(c, "kernel_regularizer");
        biasRegularizer = LayerSpecs.regularizer(c, "bias_regularizer");
        activityRegularizer = LayerSpecs.regularizer(c, "activity_regularizer");
        kernelConstraint = LayerSpecs.constraint(c, "kernel_constraint");
        biasConstraint = LayerSpecs.constraint(c, "bias_constraint");
    }
}
