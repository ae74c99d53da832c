package dev.athanor.core.activations;

import dev.athanor.core.Tensor;
import java.util.function.UnaryOperator;

/**
 * A built-in activation together with its Keras name, so that {@link Activations#nameOf} can write
 * it to a layer config.
 *
 * @param name the Keras name ("relu")
 * @param function the computation
 */
public record NamedActivation(String name, UnaryOperator<Tensor> function) implements Activation {

    @Override
    public Tensor apply(Tensor x) {
        return function.apply(x);
    }

    @Override
    public String toString() {
        return name;
    }
}
