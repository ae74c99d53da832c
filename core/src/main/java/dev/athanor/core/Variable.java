package dev.athanor.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A named weight: a layer's kernel, a bias, a moving mean, or an optimizer slot.
 *
 * <p>Its name is Keras's TF variable name ({@code "dense_1/kernel:0"}). The value is one live
 * array for the variable's whole life: optimizers update it in place, and the autodiff leaf
 * {@link #tensor()} wraps that same array, so no step copies weights.
 */
public final class Variable {

    private final String name;
    private final INDArray value;
    private final boolean trainable;
    private final Tensor tensor;
    private Constraint constraint;

    /** A variable holding {@code value} (not copied). */
    public Variable(String name, INDArray value, boolean trainable) {
        this.name = name;
        this.value = value;
        this.trainable = trainable;
        this.tensor = trainable ? Tensor.variable(value).reuseGradBuffer() : Tensor.of(value);
    }

    /** Keras's variable name, e.g. {@code "dense_1/kernel:0"}. */
    public String name() {
        return name;
    }

    /** The name without the {@code ":0"} suffix, as optimizer slot names use it. */
    public String baseName() {
        return name.endsWith(":0") ? name.substring(0, name.length() - 2) : name;
    }

    /** The live value; optimizers update it in place. */
    public INDArray value() {
        return value;
    }

    /**
     * The gradient collected by the last backward pass, or null. The array may be reused by the
     * next backward pass after {@link #zeroGrad()}: copy it to keep it.
     */
    public INDArray grad() {
        return tensor.grad();
    }

    /** Forgets the gradient. */
    public void zeroGrad() {
        tensor.zeroGrad();
    }

    /** Whether optimizers update this variable. */
    public boolean trainable() {
        return trainable;
    }

    /** The autodiff leaf over {@link #value()}. */
    public Tensor tensor() {
        return tensor;
    }

    /** Replaces the value's contents (shapes must agree). */
    public void assign(INDArray newValue) {
        if (!java.util.Arrays.equals(newValue.shape(), value.shape())) {
            throw new IllegalArgumentException("Cannot assign a value of shape "
                    + java.util.Arrays.toString(newValue.shape()) + " to variable '" + name + "' of shape "
                    + java.util.Arrays.toString(value.shape()) + ".");
        }
        value.assign(newValue);
    }

    /** The constraint applied after each update, or null. */
    public Constraint constraint() {
        return constraint;
    }

    /** Sets the constraint applied after each optimizer update. */
    public Variable constraint(Constraint c) {
        this.constraint = c;
        return this;
    }

    @Override
    public String toString() {
        return "Variable(" + name + ", " + java.util.Arrays.toString(value.shape()) + ")";
    }
}
