package dev.athanor.core.layers;

import dev.athanor.core.Internal;
import dev.athanor.core.Component;
import dev.athanor.core.Config;
import dev.athanor.core.Constraint;
import dev.athanor.core.Initializer;
import dev.athanor.core.graph.Node;
import dev.athanor.core.Regularizer;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A layer: weights, a forward computation written with {@link Tensor} ops (so its gradient is
 * automatic), an output-shape rule and a Keras config. Registered layers are discovered with
 * {@link java.util.ServiceLoader} from {@code META-INF/services/dev.athanor.core.layers.Layer}.
 *
 * <p>Lifecycle: construct (public no-argument constructor for the registry) and configure with
 * fluent setters; {@link #build} once, with the input shapes (batch dimension -1), creates the
 * weights with {@link #addWeight}; then {@link #call} any number of times, from several threads for
 * inference. {@link #apply(Tensor...)} on symbolic tensors wires a functional model instead.
 *
 * <p>Shapes everywhere include the batch dimension as -1.
 */
public abstract class Layer implements Component {

    private String name;
    private boolean trainable = true;
    private long[] batchInputShape;
    private boolean built;
    private final List<Variable> trainableWeights = new ArrayList<>();
    private final List<Variable> nonTrainableWeights = new ArrayList<>();
    private final Map<Variable, Regularizer> regularizers = new LinkedHashMap<>();
    private final List<Node> inboundNodes = new ArrayList<>();

    // ------------------------------------------------------------------ identity

    /** The Keras class name, e.g. "Dense". */
    @Override
    public String registryName() {
        return getClass().getSimpleName();
    }

    /** The layer's unique name ("dense", "dense_1", ... unless set). */
    public String name() {
        if (name == null) {
            name = LayerNames.unique(LayerNames.snakeCase(registryName()));
        }
        return name;
    }

    /** Sets the layer's name (before it is built). */
    @SuppressWarnings("unchecked")
    public <L extends Layer> L name(String newName) {
        if (built) {
            throw new IllegalStateException("Layer '" + name() + "' is already built; name it before adding it.");
        }
        if (newName == null || newName.isBlank() || newName.contains("/")) {
            throw new IllegalArgumentException("A layer name must be non-empty and contain no '/'. Received: name="
                    + newName);
        }
        this.name = newName;
        return (L) this;
    }

    /** Whether the optimizer updates this layer's weights. */
    public boolean trainable() {
        return trainable;
    }

    /** Freezes or unfreezes the layer. */
    @SuppressWarnings("unchecked")
    public <L extends Layer> L trainable(boolean value) {
        this.trainable = value;
        return (L) this;
    }

    /** Keras's {@code input_shape=(...)}: the shape of one sample, for the first layer of a model. */
    @SuppressWarnings("unchecked")
    public <L extends Layer> L inputShape(long... shape) {
        this.batchInputShape = Shapes.withBatch(-1, shape);
        return (L) this;
    }

    /** Keras's {@code input_dim=n}: shorthand for {@code inputShape(n)}. */
    public <L extends Layer> L inputDim(long dim) {
        return inputShape(dim);
    }

    /** The declared {@code batch_input_shape}, or null. */
    public long[] batchInputShape() {
        return batchInputShape == null ? null : batchInputShape.clone();
    }

    // ------------------------------------------------------------------ subclass hooks

    /** Creates the weights for these input shapes. Default: none. */
    protected void build(List<long[]> inputShapes) {
    }

    /** Output shapes for these input shapes (batch dimension -1). */
    public abstract List<long[]> computeOutputShape(List<long[]> inputShapes);

    /** The forward computation. {@code training} selects training behaviour (dropout, batch statistics). */
    protected abstract List<Tensor> call(List<Tensor> inputs, boolean training);

    /** Adds this layer's own config keys (Keras names) to {@code config}. */
    protected void writeConfig(Map<String, Object> config) {
    }

    /** Reads this layer's own config keys. */
    protected void readConfig(Config config) {
    }

    /** Checks input shapes before building; throw {@link LayerShapeException} for a mismatch. Default: any. */
    protected void checkInputShapes(List<long[]> inputShapes) {
    }

    // ------------------------------------------------------------------ building and calling

    /** Whether {@link #build} has run. */
    public boolean isBuilt() {
        return built;
    }

    /** Builds once; later calls check that the shapes are compatible. */
    public final synchronized void ensureBuilt(List<long[]> inputShapes) {
        checkInputShapes(inputShapes);
        if (!built) {
            build(inputShapes);
            built = true;
        }
    }

    /**
     * Runs the layer on concrete tensors, building it first if needed. Model code calls this; it
     * checks the inputs against what the layer was built for.
     */
    public final List<Tensor> callOn(List<Tensor> inputs, boolean training) {
        return callOn(inputs, null, training);
    }

    /**
     * Runs the layer on concrete tensors with the Keras masks of its inputs (one per input, null
     * where an input has none; the list itself may be null). Model code calls this when a mask
     * reaches the layer; see {@link #computeMask}.
     */
    public final List<Tensor> callOn(List<Tensor> inputs, List<org.nd4j.linalg.api.ndarray.INDArray> masks,
                                     boolean training) {
        List<long[]> shapes = new ArrayList<>();
        for (Tensor t : inputs) {
            long[] s = t.shape();
            s[0] = -1;
            shapes.add(s);
        }
        ensureBuilt(shapes);
        boolean masked = masks != null && masks.stream().anyMatch(java.util.Objects::nonNull);
        return masked ? call(inputs, masks, training) : call(inputs, training);
    }

    // ------------------------------------------------------------------ masking (Keras's compute_mask)

    /**
     * Whether this layer passes its input's mask on to its outputs (Keras's {@code supports_masking}).
     * Default false: as in tf.keras, a mask that reaches such a layer stops there. Layers that only
     * transform features per timestep (Dense, Activation, Dropout, merges) return true.
     */
    public boolean supportsMasking() {
        return false;
    }

    /**
     * The masks of this layer's outputs (Keras's {@code compute_mask}): one entry per output, null
     * (or a shorter list) where an output has none. A mask is a {@code [batch, timesteps]} array of
     * the inputs' floating type holding 1 where a timestep is valid and 0 where it is padding.
     *
     * <p>{@code inputMasks} has one entry per input (null where none) and may itself be null. The
     * default returns no mask unless {@link #supportsMasking()}, and then the input masks combined
     * with logical AND (the first input's mask for a one-input layer). Layers that create masks
     * (Embedding with {@code mask_zero}, Masking) or change the time axis override it.
     */
    public List<org.nd4j.linalg.api.ndarray.INDArray> computeMask(List<Tensor> inputs,
                                                                  List<org.nd4j.linalg.api.ndarray.INDArray> inputMasks) {
        if (!supportsMasking() || inputMasks == null) {
            return List.of();
        }
        org.nd4j.linalg.api.ndarray.INDArray combined = null;
        for (org.nd4j.linalg.api.ndarray.INDArray m : inputMasks) {
            if (m != null) {
                combined = combined == null ? m : combined.mul(m);
            }
        }
        return combined == null ? List.of() : java.util.Collections.singletonList(combined);
    }

    /**
     * The forward computation given the inputs' masks (one per input, null where none). Layers that
     * use masks (recurrent layers, wrappers) override this; the default ignores them.
     */
    protected List<Tensor> call(List<Tensor> inputs, List<org.nd4j.linalg.api.ndarray.INDArray> masks,
                                boolean training) {
        return call(inputs, training);
    }

    /** Applies the layer to one tensor and returns its single output. */
    public Tensor apply(Tensor... inputs) {
        List<Tensor> out = applyAll(inputs);
        if (out.size() != 1) {
            throw new IllegalStateException("Layer '" + name() + "' has " + out.size()
                    + " outputs; use applyAll(...) to get all of them.");
        }
        return out.get(0);
    }

    /**
     * Applies the layer: on symbolic tensors (functional API) records a node and returns symbolic
     * outputs; on concrete tensors computes the outputs (inference mode).
     */
    public List<Tensor> applyAll(Tensor... inputs) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException("Layer '" + name() + "' needs at least one input.");
        }
        boolean symbolic = inputs[0].isSymbolic();
        for (Tensor t : inputs) {
            if (t.isSymbolic() != symbolic) {
                throw new IllegalArgumentException("Layer '" + name()
                        + "' received a mix of symbolic (Input) and concrete tensors.");
            }
        }
        if (!symbolic) {
            return callOn(List.of(inputs), false);
        }
        List<long[]> shapes = new ArrayList<>();
        for (Tensor t : inputs) {
            shapes.add(t.shape());
        }
        ensureBuilt(shapes);
        return recordNode(List.of(inputs), computeOutputShape(shapes)).outputs();
    }

    /** Records an application of this layer in a functional graph. */
    protected final synchronized Node recordNode(List<Tensor> inputs, List<long[]> outputShapes) {
        Node node = new Node(this, inboundNodes.size(), inputs, outputShapes);
        inboundNodes.add(node);
        return node;
    }

    /** The nodes at which this layer was applied in functional models (Keras's inbound nodes). */
    public List<Node> inboundNodes() {
        return List.copyOf(inboundNodes);
    }

    /** One inbound node, without copying the list (a layer shared thousands of times stays O(1) per lookup). */
    @Internal
    public Node inboundNode(int index) {
        return inboundNodes.get(index);
    }

    // ------------------------------------------------------------------ weights

    /**
     * Creates a weight named {@code <layer>/<name>:0} as Keras does.
     *
     * @param regularizer may be null
     * @param constraint may be null
     */
    protected final Variable addWeight(String weightName, long[] shape, Initializer initializer,
                                       Regularizer regularizer, Constraint constraint, boolean trainableWeight) {
        return addWeight(weightName, shape, initializer, regularizer, constraint, trainableWeight,
                org.nd4j.linalg.factory.Nd4j.defaultFloatingPointType());
    }

    /**
     * As {@link #addWeight(String, long[], Initializer, Regularizer, Constraint, boolean)} with an explicit
     * data type, for the rare non-floating weight Keras keeps (Normalization's int64 {@code count}).
     */
    protected final Variable addWeight(String weightName, long[] shape, Initializer initializer,
                                       Regularizer regularizer, Constraint constraint, boolean trainableWeight,
                                       org.nd4j.linalg.api.buffer.DataType dtype) {
        WeightLimit.check(this, weightName, shape);
        Random random = dev.athanor.core.Seeds.forWeight(name(), weightName);
        Variable v = new Variable(name() + "/" + weightName + ":0", initializer.initialize(shape, dtype, random),
                trainableWeight);
        v.constraint(constraint);
        if (regularizer != null) {
            regularizers.put(v, regularizer);
        }
        (trainableWeight ? trainableWeights : nonTrainableWeights).add(v);
        return v;
    }

    /** Weights the optimizer updates (empty when the layer is frozen). */
    public List<Variable> trainableWeights() {
        return trainable ? List.copyOf(trainableWeights) : List.of();
    }

    /** Weights the optimizer leaves alone (moving statistics, and all weights of a frozen layer). */
    public List<Variable> nonTrainableWeights() {
        if (trainable) {
            return List.copyOf(nonTrainableWeights);
        }
        List<Variable> all = new ArrayList<>(trainableWeights);
        all.addAll(nonTrainableWeights);
        return all;
    }

    /** All weights in Keras order: trainable, then non-trainable (as created). */
    public List<Variable> variables() {
        List<Variable> all = new ArrayList<>(trainableWeights);
        all.addAll(nonTrainableWeights);
        return all;
    }

    /** Copies of the weights' values in Keras order. */
    public List<org.nd4j.linalg.api.ndarray.INDArray> getWeights() {
        List<org.nd4j.linalg.api.ndarray.INDArray> out = new ArrayList<>();
        for (Variable v : variables()) {
            out.add(v.value().dup());
        }
        return out;
    }

    /** Sets the weights' values (Keras order); counts and shapes must match. */
    public void setWeights(List<org.nd4j.linalg.api.ndarray.INDArray> values) {
        List<Variable> vars = variables();
        if (values.size() != vars.size()) {
            throw new IllegalArgumentException("Layer '" + name() + "' has " + vars.size()
                    + " weights but " + values.size() + " values were given.");
        }
        for (int i = 0; i < vars.size(); i++) {
            vars.get(i).assign(values.get(i).castTo(vars.get(i).value().dataType()));
        }
    }

    /** Number of scalars in all weights. */
    public long countParams() {
        long n = 0;
        for (Variable v : variables()) {
            n += v.value().length();
        }
        return n;
    }

    /** The penalties of this layer's weight regularizers, to be added to the loss. */
    public List<Tensor> regularizationLosses() {
        List<Tensor> out = new ArrayList<>();
        for (Map.Entry<Variable, Regularizer> e : regularizers.entrySet()) {
            out.add(e.getValue().penalty(e.getKey().tensor()));
        }
        return out;
    }

    // ------------------------------------------------------------------ losses added in call()

    /**
     * Adds a scalar loss term from inside {@link #call} (Keras's {@code add_loss}, the VAE pattern).
     * The model adds it to the training loss; it is recorded only while the model collects.
     */
    protected final void addLoss(Tensor loss) {
        dev.athanor.core.AddedLosses.add(loss);
    }

    /**
     * Reports a scalar value under {@code metricName} in the training logs (Keras's
     * {@code add_metric}), averaged over batches.
     */
    protected final void addMetric(String metricName, Tensor value) {
        dev.athanor.core.AddedLosses.addMetric(metricName, value);
    }

    // ------------------------------------------------------------------ config

    /** Keras config: name, trainable, dtype, batch_input_shape when set, then the layer's keys. */
    @Override
    public final Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("trainable", trainable);
        if (batchInputShape != null) {
            List<Object> s = new ArrayList<>();
            for (long d : batchInputShape) {
                s.add(d < 0 ? null : d);
            }
            c.put("batch_input_shape", s);
        }
        c.put("dtype", dev.athanor.core.Backend.floatx());
        writeConfig(c);
        return c;
    }

    @Override
    public final void configure(Config c) {
        String n = c.getString("name", null);
        if (n != null) {
            name(n);
        }
        trainable = c.getBoolean("trainable", true);
        long[] bis = c.getShape("batch_input_shape");
        if (bis != null) {
            batchInputShape = bis;
        }
        long[] is = c.getShape("input_shape");
        if (is != null) {
            batchInputShape = Shapes.withBatch(-1, is);
        }
        // Keys Keras writes that carry no meaning here (dtype policy, ragged/sparse inputs, batch_size).
        c.ignore("dtype", "batch_size", "ragged", "sparse", "autocast", "input_dim");
        Object inputDim = c.get("input_dim");
        if (inputDim instanceof Number d && inputDimIsShapeShorthand()) {
            batchInputShape = new long[] {-1, d.longValue()};
        }
        readConfig(c);
    }

    /**
     * Whether a config's {@code input_dim} is Keras's shorthand for {@code input_shape=(input_dim,)}
     * (true for most layers); false where {@code input_dim} is the layer's own argument (Embedding).
     */
    protected boolean inputDimIsShapeShorthand() {
        return true;
    }

    @Override
    public String toString() {
        return registryName() + "(" + name() + ")";
    }

    /** Formats a shape list for messages. */
    protected static String describe(List<long[]> shapes) {
        return shapes.size() == 1 ? Shapes.describe(shapes.get(0))
                : Arrays.toString(shapes.stream().map(Shapes::describe).toArray());
    }
}
