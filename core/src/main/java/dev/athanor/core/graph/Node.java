package dev.athanor.core.graph;

import dev.athanor.core.Tensor;

import dev.athanor.core.layers.Layer;
import java.util.ArrayList;
import java.util.List;

/**
 * One application of a layer in a functional model: the symbolic tensors it consumed and the
 * symbolic tensors it produced (Keras's {@code Node}).
 */
public final class Node {

    private final Layer layer;
    private final int index;
    private final List<Tensor> inputs;
    private final List<Tensor> outputs;

    /** Records layer's {@code index}-th application to {@code inputs} with these output shapes. */
    public Node(Layer layer, int index, List<Tensor> inputs, List<long[]> outputShapes) {
        this.layer = layer;
        this.index = index;
        this.inputs = List.copyOf(inputs);
        List<Tensor> outs = new ArrayList<>();
        for (int i = 0; i < outputShapes.size(); i++) {
            outs.add(Tensor.symbolic(new SymbolicInfo(layer, index, i, outputShapes.get(i).clone())));
        }
        this.outputs = List.copyOf(outs);
    }

    /** The layer applied. */
    public Layer layer() {
        return layer;
    }

    /** Which application of the layer this is (0 for the first). */
    public int index() {
        return index;
    }

    /** The symbolic inputs (empty for an input layer's node). */
    public List<Tensor> inputs() {
        return inputs;
    }

    /** The symbolic outputs. */
    public List<Tensor> outputs() {
        return outputs;
    }

    /** The node that produced a symbolic tensor. */
    public static Node producerOf(Tensor t) {
        // Only Node's constructor creates symbolic tensors, always with a SymbolicInfo.
        SymbolicInfo info = (SymbolicInfo) t.symbolicOrigin();
        if (info == null) {
            throw new IllegalArgumentException("Tensor " + t + " is not symbolic: it was not produced by Input.of or"
                    + " layer.apply(...) on symbolic tensors.");
        }
        return info.layer().inboundNode(info.nodeIndex());
    }

    /** Which output of its producer a symbolic tensor is. */
    public static int outputIndexOf(Tensor t) {
        return ((SymbolicInfo) t.symbolicOrigin()).tensorIndex();
    }
}
