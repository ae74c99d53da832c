package dev.athanor.core.graph;

import dev.athanor.core.Backend;
import dev.athanor.core.Internal;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.InputLayer;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.layers.LayerShapeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The DAG of a functional model: its nodes in topological order and the layers in Keras order;
 * runs a forward pass on concrete tensors.
 */
@Internal
public final class Graph {

    private final List<Tensor> inputs;
    private final List<Tensor> outputs;
    private final List<Node> nodes;
    private final List<Layer> layers;

    public Graph(List<Tensor> inputs, List<Tensor> outputs, List<Layer> layerOrder) {
        for (Tensor t : inputs) {
            if (!t.isSymbolic() || !(Node.producerOf(t).layer() instanceof InputLayer)) {
                throw new IllegalArgumentException("Model inputs must come from Input.of(...); received " + t + ".");
            }
        }
        for (Tensor t : outputs) {
            if (!t.isSymbolic()) {
                throw new IllegalArgumentException("Model outputs must be symbolic tensors from layer.apply(...);"
                        + " received " + t + ".");
            }
        }
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.nodes = order(outputs);
        Set<Layer> seen = new LinkedHashSet<>();
        for (Node n : nodes) {
            seen.add(n.layer());
        }
        for (Node n : nodes) {
            if (n.layer() instanceof InputLayer && !this.inputs.contains(n.outputs().get(0))) {
                throw new IllegalArgumentException("The outputs depend on input '" + n.layer().name()
                        + "', which is not among the model's inputs.");
            }
        }
        if (layerOrder != null) {
            if (!new LinkedHashSet<>(layerOrder).equals(seen)) {
                throw new IllegalArgumentException("Layer order does not match the graph's layers.");
            }
            this.layers = List.copyOf(layerOrder);
        } else {
            this.layers = List.copyOf(seen);
        }
    }

    /**
     * Post-order DFS from the outputs: every node after the nodes it consumes. Iterative, with an
     * explicit stack, so a model of many thousands of layers cannot overflow the thread's stack.
     */
    private static List<Node> order(List<Tensor> outputs) {
        List<Node> order = new ArrayList<>();
        Set<Node> done = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Node> active = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> path = new ArrayDeque<>();
        Deque<Integer> nextInput = new ArrayDeque<>();
        for (Tensor t : outputs) {
            Node root = Node.producerOf(t);
            if (done.contains(root)) {
                continue;
            }
            active.add(root);
            path.push(root);
            nextInput.push(0);
            while (!path.isEmpty()) {
                Node n = path.peek();
                int i = nextInput.pop();
                if (i < n.inputs().size()) {
                    nextInput.push(i + 1);
                    Node in = Node.producerOf(n.inputs().get(i));
                    if (done.contains(in)) {
                        continue;
                    }
                    if (!active.add(in)) {
                        throw new IllegalArgumentException("The model graph has a cycle through layer '"
                                + in.layer().name() + "'.");
                    }
                    path.push(in);
                    nextInput.push(0);
                } else {
                    path.pop();
                    active.remove(n);
                    done.add(n);
                    order.add(n);
                }
            }
        }
        return order;
    }

    public List<Tensor> inputs() {
        return inputs;
    }

    public List<Tensor> outputs() {
        return outputs;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Runs the graph on concrete inputs (one per model input, in order). */
    public List<Tensor> forward(List<Tensor> values, boolean training) {
        return forward(values, training, null);
    }

    /**
     * Runs the graph and, when {@code outputMasks} is not null, adds the Keras mask of every output to
     * it (null where an output has none): the loss and metrics weight a masked output's steps.
     */
    public List<Tensor> forward(List<Tensor> values, boolean training, List<INDArray> outputMasks) {
        if (values.size() != inputs.size()) {
            throw new IllegalArgumentException("The model has " + inputs.size() + " input(s) but received "
                    + values.size() + " array(s).");
        }
        Map<Tensor, Tensor> computed = new IdentityHashMap<>();
        // Keras masks travel beside the values: one per symbolic tensor that has one.
        Map<Tensor, INDArray> masks = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor symbolic = inputs.get(i);
            Tensor value = values.get(i);
            INDArray cast = Backend.castToFloatx(value.value());
            if (cast != value.value() && !value.requiresGrad()) {
                value = Tensor.of(cast);
            }
            Node.producerOf(symbolic).layer().callOn(List.of(value), training);
            computed.put(symbolic, value);
        }
        for (Node node : nodes) {
            if (node.inputs().isEmpty()) {
                continue;
            }
            List<Tensor> args = new ArrayList<>(node.inputs().size());
            List<INDArray> argMasks = new ArrayList<>(node.inputs().size());
            for (Tensor in : node.inputs()) {
                args.add(computed.get(in));
                argMasks.add(masks.get(in));
            }
            List<Tensor> outs;
            try {
                outs = node.layer().callOn(args, argMasks, training);
            } catch (RuntimeException e) {
                if (LayerCallException.attributes(e, node.layer())) {
                    throw e;
                }
                throw LayerCallException.of(node.layer(), args, e);
            }
            checkDeclaredShapes(node, outs);
            for (int k = 0; k < outs.size(); k++) {
                computed.put(node.outputs().get(k), outs.get(k));
            }
            List<INDArray> outMasks = node.layer().computeMask(args, argMasks);
            for (int k = 0; k < outMasks.size() && k < outs.size(); k++) {
                if (outMasks.get(k) != null) {
                    masks.put(node.outputs().get(k), outMasks.get(k));
                }
            }
        }
        List<Tensor> result = new ArrayList<>(outputs.size());
        for (Tensor out : outputs) {
            result.add(computed.get(out));
            if (outputMasks != null) {
                outputMasks.add(masks.get(out));
            }
        }
        return result;
    }

    /**
     * A layer whose {@code computeOutputShape} declared other shapes than its {@code call} produced
     * would otherwise be blamed on the next layer: name it here. Dimensions declared unknown (-1, the
     * batch among them) match anything.
     */
    private static void checkDeclaredShapes(Node node, List<Tensor> outs) {
        List<Tensor> declared = node.outputs();
        if (outs.size() != declared.size()) {
            throw new LayerShapeException("Layer '" + node.layer().name() + "' (" + node.layer().getClass().getSimpleName()
                    + ") declared " + declared.size() + " output(s) in computeOutputShape but its call returned "
                    + outs.size() + ". Make computeOutputShape describe what call returns.");
        }
        for (int k = 0; k < outs.size(); k++) {
            long[] want = declared.get(k).shape();
            long[] got = outs.get(k).shape();
            boolean same = want.length == got.length;
            for (int d = 0; same && d < want.length; d++) {
                same = want[d] < 0 || want[d] == got[d];
            }
            if (!same) {
                throw new LayerShapeException("Layer '" + node.layer().name() + "' ("
                        + node.layer().getClass().getSimpleName() + ") declared output shape "
                        + Shapes.describe(want) + " in computeOutputShape but its call produced "
                        + Shapes.describe(got) + (outs.size() > 1 ? " (output " + k + ")" : "")
                        + ". Make computeOutputShape return the shape call produces.");
            }
        }
    }
}
