package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Constraint;
import dev.athanor.core.Initializer;
import dev.athanor.core.ops.rnn.RecurrentOps;
import dev.athanor.core.Regularizer;
import dev.athanor.core.Seeds;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import dev.athanor.core.TrainingRandom;
import dev.athanor.core.activations.Activation;
import dev.athanor.core.activations.Activations;
import dev.athanor.core.constraints.Constraints;
import dev.athanor.core.initializers.GlorotUniform;
import dev.athanor.core.initializers.Initializers;
import dev.athanor.core.initializers.Orthogonal;
import dev.athanor.core.initializers.Zeros;
import dev.athanor.core.regularizers.Regularizers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What Keras's {@code RNN} layer does around a cell (keras/layers/recurrent.py, Keras 2.6, and
 * {@code K.rnn}), shared by {@link SimpleRNN}, {@link LSTM} and {@link GRU}:
 *
 * <ul>
 *   <li>Input {@code [batch, timesteps, features]}; optional initial states as further inputs
 *       ({@code layer.apply(x, h0)} or {@code (x, h0, c0)} for an LSTM), zeros otherwise.</li>
 *   <li>The input projection of every timestep is one gemm up front ({@code [b·T, f] x [f, G·units]},
 *       input bias included); each step then costs one recurrent gemm for all gates. In float32 the
 *       whole layer is one node ({@link Cell#layer}: a direct sgemm and one Java pass per step, the
 *       weight gradients one gemm each over all steps); otherwise the sequence is one node
 *       ({@link Cell#sequence}), or, failing both, one recorded op per step.</li>
 *   <li>{@code go_backwards} walks the timesteps from last to first; with {@code return_sequences}
 *       the outputs stay in that walking order, as Keras returns them.</li>
 *   <li>A mask ({@code [batch, timesteps]}, from Embedding's {@code mask_zero} or Masking) makes
 *       masked steps keep the previous states and repeat the previous output (zeros before the
 *       first valid step): {@code state_t = m·new + (1 - m)·state_{t-1}}. The output mask is the
 *       input mask with {@code return_sequences}, none otherwise.</li>
 *   <li>{@code dropout} drops input features, {@code recurrent_dropout} the previous output fed
 *       to the recurrent gemm, only in training, with one mask per sequence shared by all gates
 *       (Keras's implementation 1 draws one mask per gate; the expected values are the same).</li>
 *   <li>Outputs: the last output {@code [batch, units]} (or all {@code [batch, timesteps, units]}),
 *       then the final states when {@code return_state}.</li>
 * </ul>
 * {@code stateful=True} and {@code time_major=True} are refused with an explanation; {@code unroll}
 * and {@code implementation} are accepted and change nothing here.
 *
 * @param <L> the concrete layer, for fluent setters
 */
public abstract class RecurrentLayer<L extends RecurrentLayer<L>> extends Layer {

    /** One call's view of the weights: what the steps need, prepared once per call. */
    protected interface Cell {
        /** Projects inputs {@code [n, features] -> [n, gates·units]}, input bias included. */
        Tensor project(Tensor inputs);

        /**
         * One step: the new states (the output first) from this step's projected input, the previous
         * states and the previous output as fed to the recurrent gemm (after recurrent dropout).
         */
        List<Tensor> step(Tensor projected, List<Tensor> states, Tensor recurrentInput);

        /**
         * The whole sequence as one fused node ({@link dev.athanor.core.ops.rnn.FusedRecurrence}): the output
         * then the final states, or null to walk it with {@link #step}. Arguments: the projected input
         * {@code [b, T, G·units]}, the initial states (null: zeros), the mask {@code [b, T]} and the
         * recurrent dropout mask {@code [b, units]} (null: none).
         */
        default List<Tensor> sequence(Tensor projected, List<Tensor> initial, INDArray mask, INDArray recurrentMask,
                                      boolean goBackwards, boolean returnSequences) {
            return null;
        }

        /**
         * The whole layer (projection and sequence) as one fused node, from the unprojected input
         * {@code [b, T, features]}; same arguments and result as {@link #sequence}, or null when
         * there is no such kernel for these arrays (then {@link #project} and {@link #sequence}).
         */
        default List<Tensor> layer(Tensor inputs, List<Tensor> initial, INDArray mask, INDArray recurrentMask,
                                   boolean goBackwards, boolean returnSequences) {
            return null;
        }
    }

    /**
     * Tests set this to compare the fused sequences with the step-by-step path they replace; the
     * system property {@code athanor.rnn.stepByStep=true} does the same (RnnBenchmark's comparison).
     */
    static volatile boolean stepByStepOnly;

    /**
     * Tests set this to compare the whole-layer kernels ({@link Cell#layer}) with the fused sequences
     * they replace; the system property {@code athanor.rnn.layerKernels=false} does the same (for A/B
     * benchmarks).
     */
    static volatile boolean noLayerKernels;

    private int units;
    private Activation activation = Activations.get("tanh");
    private boolean useBias = true;
    private Initializer kernelInitializer = new GlorotUniform();
    private Initializer recurrentInitializer = new Orthogonal();
    private Initializer biasInitializer = new Zeros();
    private Regularizer kernelRegularizer;
    private Regularizer recurrentRegularizer;
    private Regularizer biasRegularizer;
    private Regularizer activityRegularizer;
    private Constraint kernelConstraint;
    private Constraint recurrentConstraint;
    private Constraint biasConstraint;
    private double dropout;
    private double recurrentDropout;
    private boolean returnSequences;
    private boolean returnState;
    private boolean goBackwards;
    private boolean unroll;
    private int implementation = 2;
    private long inputFeatures = -1;
    private Random fallback;

    @SuppressWarnings("unchecked")
    private L self() {
        return (L) this;
    }

    /** The number of state tensors (1, or 2 for an LSTM's output and carry). */
    protected abstract int stateCount();

    /** Creates the cell's weights for {@code inputDim} input features. */
    protected abstract void buildCell(long inputDim);

    /** The cell for one call. */
    protected abstract Cell cell();

    // ------------------------------------------------------------------ options

    /** Sets the output dimension (positive). */
    public L units(int value) {
        requireUnbuilt();
        if (value <= 0) {
            throw new IllegalArgumentException("`units` must be a positive integer. Received: units=" + value);
        }
        this.units = value;
        return self();
    }

    /** The output dimension. */
    public int units() {
        return units;
    }

    /** The activation by Keras name (null: linear); default tanh. */
    public L activation(String name) {
        this.activation = Activations.get(name);
        return self();
    }

    /** The output activation. */
    protected Activation activationFn() {
        return activation;
    }

    /** Whether the cell has a bias. */
    public L useBias(boolean value) {
        requireUnbuilt();
        this.useBias = value;
        return self();
    }

    /** Whether the cell has a bias. */
    public boolean useBias() {
        return useBias;
    }

    /** Kernel initializer by name, Keras JSON map or object (null: glorot_uniform). */
    public L kernelInitializer(Object spec) {
        requireUnbuilt();
        this.kernelInitializer = spec == null ? new GlorotUniform() : Initializers.get(spec);
        return self();
    }

    /** Recurrent kernel initializer (null: orthogonal). */
    public L recurrentInitializer(Object spec) {
        requireUnbuilt();
        this.recurrentInitializer = spec == null ? new Orthogonal() : Initializers.get(spec);
        return self();
    }

    /** Bias initializer (null: zeros). */
    public L biasInitializer(Object spec) {
        requireUnbuilt();
        this.biasInitializer = spec == null ? new Zeros() : Initializers.get(spec);
        return self();
    }

    /** Kernel regularizer (null: none). */
    public L kernelRegularizer(Object spec) {
        requireUnbuilt();
        this.kernelRegularizer = Regularizers.get(spec);
        return self();
    }

    /** Recurrent kernel regularizer (null: none). */
    public L recurrentRegularizer(Object spec) {
        requireUnbuilt();
        this.recurrentRegularizer = Regularizers.get(spec);
        return self();
    }

    /** Bias regularizer (null: none). */
    public L biasRegularizer(Object spec) {
        requireUnbuilt();
        this.biasRegularizer = Regularizers.get(spec);
        return self();
    }

    /** Output regularizer, on the first output (null: none). */
    public L activityRegularizer(Object spec) {
        this.activityRegularizer = Regularizers.get(spec);
        return self();
    }

    /** Kernel constraint (null: none). */
    public L kernelConstraint(Object spec) {
        requireUnbuilt();
        this.kernelConstraint = Constraints.get(spec);
        return self();
    }

    /** Recurrent kernel constraint (null: none). */
    public L recurrentConstraint(Object spec) {
        requireUnbuilt();
        this.recurrentConstraint = Constraints.get(spec);
        return self();
    }

    /** Bias constraint (null: none). */
    public L biasConstraint(Object spec) {
        requireUnbuilt();
        this.biasConstraint = Constraints.get(spec);
        return self();
    }

    /** Fraction of input features dropped in training, in [0, 1). */
    public L dropout(double value) {
        this.dropout = rate("dropout", value);
        return self();
    }

    /** Fraction of the recurrent input dropped in training, in [0, 1). */
    public L recurrentDropout(double value) {
        this.recurrentDropout = rate("recurrent_dropout", value);
        return self();
    }

    private static double rate(String key, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("`" + key + "` must be a number in [0, 1). Received: " + key + "="
                    + value);
        }
        return value;
    }

    /** Whether to return the output of every timestep instead of the last one. */
    public L returnSequences(boolean value) {
        this.returnSequences = value;
        return self();
    }

    /** Whether to return the final states after the output. */
    public L returnState(boolean value) {
        this.returnState = value;
        return self();
    }

    /** Whether to walk the sequence backwards. */
    public L goBackwards(boolean value) {
        this.goBackwards = value;
        return self();
    }

    /** Whether the layer walks the sequence backwards. */
    public boolean goBackwards() {
        return goBackwards;
    }

    /** Keras's {@code stateful}: only false is supported (see the class comment). */
    public L stateful(boolean value) {
        if (value) {
            throw new IllegalArgumentException("Layer '" + name() + "': stateful=True is not supported (states are not"
                    + " carried across batches). Use stateful=False, and pass the states to carry as initial states:"
                    + " layer.applyAll(x, h0" + (stateCount() == 2 ? ", c0" : "") + ") with return_state=True.");
        }
        return self();
    }

    /** Keras's {@code unroll}: accepted; the loop is the same either way. */
    public L unroll(boolean value) {
        this.unroll = value;
        return self();
    }

    /** Keras's {@code implementation} (1 or 2): accepted; both compute the same values. */
    public L implementation(int value) {
        if (value != 1 && value != 2) {
            throw new IllegalArgumentException("`implementation` must be 1 or 2. Received: implementation=" + value);
        }
        this.implementation = value;
        return self();
    }

    /** Throws when the layer is built. */
    protected final void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException("Layer '" + name() + "' is already built; configure it before use.");
        }
    }

    // ------------------------------------------------------------------ weights for subclasses

    /** Creates the kernel {@code [inputDim, columns]} with the kernel initializer, regularizer, constraint. */
    protected final dev.athanor.core.Variable addKernel(long inputDim, long columns) {
        return addWeight("kernel", new long[] {inputDim, columns}, kernelInitializer, kernelRegularizer,
                kernelConstraint, true);
    }

    /** Creates the recurrent kernel {@code [units, columns]}. */
    protected final dev.athanor.core.Variable addRecurrentKernel(long columns) {
        return addWeight("recurrent_kernel", new long[] {units, columns}, recurrentInitializer, recurrentRegularizer,
                recurrentConstraint, true);
    }

    /** Creates the bias of this shape (null without bias). */
    protected final dev.athanor.core.Variable addBias(long... shape) {
        return useBias ? addWeight("bias", shape, biasInitializer, biasRegularizer, biasConstraint, true) : null;
    }

    // ------------------------------------------------------------------ shapes

    /** {@code input_dim} is the feature count of a sequence here (see {@link #readConfig}). */
    @Override
    protected boolean inputDimIsShapeShorthand() {
        return false;
    }

    @Override
    protected void checkInputShapes(List<long[]> inputShapes) {
        long[] x = inputShapes.get(0);
        if (x.length != 3) {
            throw new LayerShapeException("Layer '" + name() + "' (" + registryName() + ") expects an input of rank 3"
                    + " (batch, timesteps, features) but received shape " + Shapes.describe(x) + ".");
        }
        if (inputFeatures >= 0 && x[2] != inputFeatures) {
            throw new LayerShapeException(name(), new long[] {-1, x[1], inputFeatures}, x,
                    registryName() + " was built for " + inputFeatures + " input features.");
        }
        if (inputShapes.size() != 1 && inputShapes.size() != 1 + stateCount()) {
            throw new LayerShapeException("Layer '" + name() + "' (" + registryName() + ") takes the sequence and"
                    + " optionally " + stateCount() + " initial state(s), but received " + inputShapes.size()
                    + " inputs: " + describe(inputShapes) + ".");
        }
        for (int i = 1; i < inputShapes.size(); i++) {
            long[] s = inputShapes.get(i);
            if (s.length != 2 || (s[1] >= 0 && s[1] != units)) {
                throw new LayerShapeException(name(), new long[] {-1, units}, s, "Initial state " + i
                        + " must have shape (batch, units).");
            }
        }
    }

    @Override
    protected void build(List<long[]> inputShapes) {
        if (units <= 0) {
            throw new IllegalStateException("Layer '" + name() + "' has no `units`; set them before building.");
        }
        long f = inputShapes.get(0)[2];
        if (f < 0) {
            throw new LayerShapeException("The last dimension of the inputs to layer '" + name() + "' ("
                    + registryName() + ") should be defined. Found None in shape "
                    + Shapes.describe(inputShapes.get(0)) + ".");
        }
        buildCell(f);
        inputFeatures = f;
    }

    @Override
    public List<long[]> computeOutputShape(List<long[]> inputShapes) {
        long[] x = inputShapes.get(0);
        List<long[]> out = new ArrayList<>();
        out.add(returnSequences ? new long[] {x[0], x[1], units} : new long[] {x[0], units});
        if (returnState) {
            for (int i = 0; i < stateCount(); i++) {
                out.add(new long[] {x[0], units});
            }
        }
        return out;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public List<INDArray> computeMask(List<Tensor> inputs, List<INDArray> inputMasks) {
        INDArray m = inputMasks == null || !returnSequences ? null : inputMasks.get(0);
        List<INDArray> out = new ArrayList<>();
        out.add(m);
        return out;
    }

    // ------------------------------------------------------------------ the loop

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        return call(inputs, null, training);
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, List<INDArray> masks, boolean training) {
        Tensor x = inputs.get(0);
        long[] s = x.shape();
        long batch = s[0];
        int steps = Math.toIntExact(s[1]);
        if (steps == 0) {
            throw new LayerShapeException("Layer '" + name() + "' received a sequence with no timesteps: "
                    + Shapes.describe(s) + ".");
        }
        INDArray mask = masks == null ? null : masks.get(0);
        if (mask != null && (mask.rank() != 2 || mask.size(0) != batch || mask.size(1) != steps)) {
            throw new LayerShapeException(name(), new long[] {batch, steps}, mask.shape(),
                    "The mask must have shape (batch, timesteps).");
        }
        org.nd4j.linalg.api.buffer.DataType type = x.value().dataType();
        if (training && dropout > 0) {
            x = x.mul(Tensor.of(dropMask(new long[] {batch, 1, s[2]}, dropout, type)));
        }
        Cell cell = cell();
        Tensor recurrentMask = training && recurrentDropout > 0
                ? Tensor.of(dropMask(new long[] {batch, units}, recurrentDropout, type)) : null;
        boolean zeroStart = inputs.size() == 1;
        // The fused nodes cover everything but a mask together with given initial states (whose
        // output before the first valid step is zeros while the states are not; see below).
        boolean fusable = !stepByStepOnly && !Boolean.getBoolean("athanor.rnn.stepByStep")
                && (mask == null || zeroStart);
        if (fusable && !noLayerKernels && !"false".equals(System.getProperty("athanor.rnn.layerKernels"))) {
            List<Tensor> whole = cell.layer(x, zeroStart ? null : inputs.subList(1, inputs.size()), mask,
                    recurrentMask == null ? null : recurrentMask.value(), goBackwards, returnSequences);
            if (whole != null) {
                return outputs(whole.get(0), whole.subList(1, whole.size()), batch);
            }
        }
        Tensor projected = cell.project(x.reshape(batch * steps, s[2])).reshape(batch, steps, -1);
        if (fusable) {
            List<Tensor> fused = cell.sequence(projected, zeroStart ? null : inputs.subList(1, inputs.size()),
                    mask, recurrentMask == null ? null : recurrentMask.value(), goBackwards, returnSequences);
            if (fused != null) {
                return outputs(fused.get(0), fused.subList(1, fused.size()), batch);
            }
        }
        List<Tensor> perStep = RecurrentOps.unstack(projected, 1);
        List<Tensor> states = new ArrayList<>();
        for (int i = 0; i < stateCount(); i++) {
            states.add(inputs.size() > 1 ? inputs.get(1 + i) : Tensor.of(Nd4j.zeros(type, batch, units)));
        }
        INDArray[] stepMasks = mask == null ? null
                : Nd4j.exec(new org.nd4j.linalg.api.ops.impl.shape.Unstack(mask.castTo(type), 1, steps));
        Tensor output = Tensor.of(Nd4j.zeros(type, batch, units));
        List<Tensor> outputs = new ArrayList<>(steps);
        for (int k = 0; k < steps; k++) {
            int t = goBackwards ? steps - 1 - k : k;
            Tensor h = states.get(0);
            List<Tensor> next = cell.step(perStep.get(t), states,
                    recurrentMask == null ? h : h.mul(recurrentMask));
            if (mask == null) {
                states = next;
                output = next.get(0);
            } else {
                INDArray m = stepMasks[t].reshape(batch, 1);
                List<Tensor> kept = new ArrayList<>(next.size());
                for (int i = 0; i < next.size(); i++) {
                    kept.add(RecurrentOps.keepWhereMasked(next.get(i), states.get(i), m));
                }
                // The output repeats the previous output, which is the kept state h, except before the
                // first valid step when given initial states: then Keras's output is still zeros.
                output = zeroStart ? kept.get(0) : RecurrentOps.keepWhereMasked(next.get(0), output, m);
                states = kept;
            }
            if (returnSequences) {
                outputs.add(output);
            }
        }
        return outputs(returnSequences ? RecurrentOps.stack(1, outputs) : output, states, batch);
    }

    private List<Tensor> outputs(Tensor result, List<Tensor> states, long batch) {
        if (activityRegularizer != null) {
            addLoss(activityRegularizer.penalty(result).div((double) batch));
        }
        List<Tensor> out = new ArrayList<>();
        out.add(result);
        if (returnState) {
            out.addAll(states);
        }
        return out;
    }

    /** An inverted-dropout mask: 1/(1-rate) where kept, 0 where dropped; draws as {@link Dropout} does. */
    private INDArray dropMask(long[] shape, double rate, org.nd4j.linalg.api.buffer.DataType type) {
        Random r = TrainingRandom.currentOrNull();
        if (r == null) {
            synchronized (this) {
                if (fallback == null) {
                    fallback = new Random(Seeds.mix(Seeds.get(), "rnn_dropout/" + name()));
                }
                r = fallback;
            }
        }
        int n = Math.toIntExact(Shapes.size(shape));
        double keep = 1.0 / (1.0 - rate);
        double[] m = new double[n];
        synchronized (r) {
            for (int i = 0; i < n; i++) {
                m[i] = r.nextDouble() >= rate ? keep : 0.0;
            }
        }
        return Nd4j.create(m, shape, 'c').castTo(type);
    }

    // ------------------------------------------------------------------ config

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("return_sequences", returnSequences);
        c.put("return_state", returnState);
        c.put("go_backwards", goBackwards);
        c.put("stateful", false);
        c.put("unroll", unroll);
        c.put("time_major", false);
        c.put("units", units);
        c.put("activation", Activations.nameOf(activation));
        writeCellOptions(c);
        c.put("use_bias", useBias);
        c.put("kernel_initializer", Initializers.serialize(kernelInitializer));
        c.put("recurrent_initializer", Initializers.serialize(recurrentInitializer));
        c.put("bias_initializer", Initializers.serialize(biasInitializer));
        writeBiasOptions(c);
        c.put("kernel_regularizer", Regularizers.serialize(kernelRegularizer));
        c.put("recurrent_regularizer", Regularizers.serialize(recurrentRegularizer));
        c.put("bias_regularizer", Regularizers.serialize(biasRegularizer));
        c.put("activity_regularizer", Regularizers.serialize(activityRegularizer));
        c.put("kernel_constraint", Constraints.serialize(kernelConstraint));
        c.put("recurrent_constraint", Constraints.serialize(recurrentConstraint));
        c.put("bias_constraint", Constraints.serialize(biasConstraint));
        c.put("dropout", dropout);
        c.put("recurrent_dropout", recurrentDropout);
        if (hasImplementationKey()) {
            c.put("implementation", implementation);
        }
        writeTrailingOptions(c);
    }

    /** Keys written after {@code activation} (LSTM and GRU: {@code recurrent_activation}). */
    protected void writeCellOptions(Map<String, Object> c) {
    }

    /** Keys written after the initializers (LSTM: {@code unit_forget_bias}). */
    protected void writeBiasOptions(Map<String, Object> c) {
    }

    /** Keys written last (GRU: {@code reset_after}). */
    protected void writeTrailingOptions(Map<String, Object> c) {
    }

    /** Whether Keras writes {@code implementation} for this layer (LSTM and GRU do, SimpleRNN does not). */
    protected boolean hasImplementationKey() {
        return true;
    }

    @Override
    protected void readConfig(Config c) {
        if (!c.has("units")) {
            throw new IllegalArgumentException("The config of " + registryName() + " needs 'units'.");
        }
        units(c.getInt("units", 0));
        activation(LayerSpecs.activationName(c, "activation"));
        if (!c.has("activation")) {
            activation("tanh");
        }
        useBias(c.getBoolean("use_bias", true));
        kernelInitializer = LayerSpecs.initializer(c, "kernel_initializer", new GlorotUniform());
        recurrentInitializer = LayerSpecs.initializer(c, "recurrent_initializer", new Orthogonal());
        biasInitializer = LayerSpecs.initializer(c, "bias_initializer", new Zeros());
        kernelRegularizer = LayerSpecs.regularizer(c, "kernel_regularizer");
        recurrentRegularizer = LayerSpecs.regularizer(c, "recurrent_regularizer");
        biasRegularizer = LayerSpecs.regularizer(c, "bias_regularizer");
        activityRegularizer = LayerSpecs.regularizer(c, "activity_regularizer");
        kernelConstraint = LayerSpecs.constraint(c, "kernel_constraint");
        recurrentConstraint = LayerSpecs.constraint(c, "recurrent_constraint");
        biasConstraint = LayerSpecs.constraint(c, "bias_constraint");
        dropout(c.getDouble("dropout", 0.0));
        recurrentDropout(c.getDouble("recurrent_dropout", 0.0));
        returnSequences(c.getBoolean("return_sequences", false));
        returnState(c.getBoolean("return_state", false));
        goBackwards(c.getBoolean("go_backwards", false));
        stateful(c.getBoolean("stateful", false));
        unroll(c.getBoolean("unroll", false));
        if (c.getBoolean("time_major", false)) {
            throw new IllegalArgumentException("Layer '" + name() + "': time_major=True is not supported; inputs are"
                    + " (batch, timesteps, features). Transpose the data and use time_major=False.");
        }
        if (hasImplementationKey()) {
            implementation(c.getInt("implementation", 2));
        }
        // Keras's RNN shorthand: input_dim / input_length mean input_shape=(input_length, input_dim).
        Object dim = c.get("input_dim");
        Object length = c.get("input_length");
        boolean shapeGiven = c.has("batch_input_shape") || c.has("input_shape");
        if ((dim instanceof Number || length instanceof Number) && !shapeGiven) {
            inputShape(length instanceof Number l ? l.longValue() : -1, dim instanceof Number d ? d.longValue() : -1);
        }
        c.ignore("zero_output_for_mask");
    }
}
