package dev.athanor.core;

import dev.athanor.core.graph.Graph;

import dev.athanor.core.layers.InputLayer;
import dev.athanor.core.layers.Layer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A linear stack of layers (Keras's {@code Sequential}). The graph is built as soon as the input
 * shape is known: from the first layer's {@code inputShape}/{@code inputDim}, from an
 * {@link InputLayer} added first, or from the first data passed to fit/predict.
 */
public class Sequential extends Model {

    private final List<Layer> stack = new ArrayList<>();
    private InputLayer input;
    /** The names in {@link #stack}, for the uniqueness check. */
    private final Set<String> names = new HashSet<>();
    /** The symbolic output of the last layer in the current graph; null while there is no graph. */
    private Tensor tail;

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

    /**
     * Appends a layer. With the input shape known, only the new layer is applied to the current
     * output (adding n layers costs O(n) layer calls, not O(n^2)); a layer that does not fit the
     * current output fails with the layer's shape error and is not added.
     */
    public Sequential add(Layer layer) {
        if (layer instanceof InputLayer in) {
            if (!stack.isEmpty() || input != null) {
                throw new IllegalArgumentException("An InputLayer can only be the first layer of a Sequential model.");
            }
            input = in;
            return this;
        }
        if (!names.add(layer.name())) {
            throw new IllegalArgumentException("All layers in a model must have unique names; '" + layer.name()
                    + "' is already used.");
        }
        if (input == null && stack.isEmpty() && layer.batchInputShape() != null) {
            input = new InputLayer(Shapes.withoutBatch(layer.batchInputShape()));
            input.name(layer.name() + "_input");
        }
        if (input != null) {
            try {
                if (tail == null) {
                    stack.add(layer);
                    rebuild();
                    return this;
                }
                Tensor out = layer.apply(tail);
                stack.add(layer);
                tail = out;
                setGraph(graphTo(tail));
            } catch (RuntimeException e) {
                if (!stack.isEmpty() && stack.get(stack.size() - 1) == layer) {
                    stack.remove(stack.size() - 1);
                    rebuild();
                }
                names.remove(layer.name());
                throw e;
            }
        } else {
            stack.add(layer);
        }
        return this;
    }

    /** Removes the last layer. */
    public Layer pop() {
        if (stack.isEmpty()) {
            throw new IllegalStateException("There are no layers in the model to pop.");
        }
        Layer removed = stack.remove(stack.size() - 1);
        names.remove(removed.name());
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
            tail = null;
            setGraph(null);
            return;
        }
        Tensor x = input.output();
        for (Layer l : stack) {
            x = l.apply(x);
        }
        tail = x;
        setGraph(graphTo(x));
    }

    private Graph graphTo(Tensor output) {
        List<Layer> order = new ArrayList<>(stack.size() + 1);
        order.add(input);
        order.addAll(stack);
        return new Graph(List.of(input.output()), List.of(output), order);
    }
}
