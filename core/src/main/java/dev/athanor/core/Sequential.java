package dev.athanor.core;

import dev.athanor.core.graph.Graph;

import dev.athanor.core.layers.InputLayer;
import dev.athanor.core.layers.Layer;
import java.util.ArrayList;
import java.util.List;

/**
 * A linear stack of layers (Keras's {@code Sequential}). The graph is built as soon as the input
 * shape is known: from the first layer's {@code inputShape}/{@code inputDim}, from an
 * {@link InputLayer} added first, or from the first data passed to fit/predict.
 */
public class Sequential extends Model {

    private final List<Layer> stack = new ArrayList<>();
    private InputLayer input;

    /** An empty model. */
    public Sequential() {
        super((String) null);
    }

    /** A model with these layers. */
    public Sequential(List<Layer> layers) {
        this();
        for (Layer l : layers) {
            add(l);
        }
    }

    @Override
    protected String defaultNamePrefix() {
        return "sequential";
    }

    @Override
    public Sequential name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public String className() {
        return "Sequential";
    }

    /** Appends a layer. */
    public Sequential add(Layer layer) {
        if (layer instanceof InputLayer in) {
            if (!stack.isEmpty() || input != null) {
                throw new IllegalArgumentException("An InputLayer can only be the first layer of a Sequential model.");
            }
            input = in;
            return this;
        }
        for (Layer l : stack) {
            if (l.name().equals(layer.name())) {
                throw new IllegalArgumentException("All layers in a model must have unique names; '" + layer.name()
                        + "' is already used.");
            }
        }
        stack.add(layer);
        if (input == null && stack.size() == 1 && layer.batchInputShape() != null) {
            input = new InputLayer(Shapes.withoutBatch(layer.batchInputShape()));
            input.name(layer.name() + "_input");
        }
        if (input != null) {
            rebuild();
        }
        return this;
    }

    /** Removes the last layer. */
    public Layer pop() {
        if (stack.isEmpty()) {
            throw new IllegalStateException("There are no layers in the model to pop.");
        }
        Layer removed = stack.remove(stack.size() - 1);
        if (input != null && !stack.isEmpty()) {
            rebuild();
        } else {
            setGraph(null);
        }
        return removed;
    }

    /** The layers, without the implicit InputLayer (as Keras's {@code model.layers}). */
    @Override
    public List<Layer> layers() {
        return List.copyOf(stack);
    }

    /** The input layer, or null before the input shape is known. */
    public InputLayer inputLayer() {
        return input;
    }

    @Override
    protected void ensureGraph(List<long[]> batchShapes) {
        if (hasGraph()) {
            return;
        }
        if (batchShapes.size() != 1) {
            throw new IllegalArgumentException("A Sequential model takes one input; received " + batchShapes.size()
                    + " arrays.");
        }
        if (input == null) {
            input = new InputLayer(Shapes.withoutBatch(batchShapes.get(0)));
            if (!stack.isEmpty()) {
                input.name(stack.get(0).name() + "_input");
            }
        }
        rebuild();
    }

    private void rebuild() {
        if (stack.isEmpty()) {
            setGraph(null);
            return;
        }
        Tensor in = input.output();
        Tensor x = in;
        for (Layer l : stack) {
            x = l.apply(x);
        }
        List<Layer> order = new ArrayList<>();
        order.add(input);
        order.addAll(stack);
        setGraph(new Graph(List.of(in), List.of(x), order));
    }
}
