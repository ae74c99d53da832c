package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import dev.athanor.core.activations.Activations;
import java.util.Map;

/**
 * Keras's {@code Activation(activation)} layer (keras/layers/core.py, Keras 2.6): applies a named
 * activation ({@link Activations}) to its input; output shape = input shape. Config:
 * {@code activation}.
 */
public class Activation extends SingleInputLayer {

    private dev.athanor.core.activations.Activation activation = Activations.get("linear");

    /** For the registry: linear until configured. */
    public Activation() {
    }

    /** The activation named {@code name} ("relu", "softmax", ...). */
    public Activation(String name) {
        activation(name);
    }

    /** The given activation function (custom ones cannot be written to a config). */
    public Activation(dev.athanor.core.activations.Activation function) {
        this.activation = function == null ? Activations.get("linear") : function;
    }

    /** Sets the activation by name. */
    public Activation activation(String name) {
        if (name == null) {
            throw new IllegalArgumentException("Activation layer needs an activation name. Received: activation=null");
        }
        this.activation = Activations.get(name);
        return this;
    }

    /** Passes the input's Keras mask on (Keras's {@code supports_masking = True}). */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        return activation.apply(input);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("activation", Activations.nameOf(activation));
    }

    @Override
    protected void readConfig(Config c) {
        String n = LayerSpecs.activationName(c, "activation");
        activation(n == null ? "linear" : n);
    }
}
