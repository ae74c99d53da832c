package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Constraint;
import dev.athanor.core.ops.ConvOps;
import dev.athanor.core.Initializer;
import dev.athanor.core.Regularizer;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.activations.Activation;
import dev.athanor.core.activations.Activations;
import dev.athanor.core.activations.NamedActivation;
import dev.athanor.core.constraints.Constraints;
import dev.athanor.core.initializers.Initializers;
import dev.athanor.core.initializers.Zeros;
import dev.athanor.core.regularizers.Regularizers;
import java.util.Arrays;
import java.util.Map;

/**
 * The base of Keras's convolution layers ({@code keras/layers/convolutional.py}, {@code Conv},
 * Keras 2.6): the options every convolution shares — {@code kernel_size}, {@code strides},
 * {@code padding} (valid / same, causal for 1-D), {@code data_format} (channels_last default,
 * channels_first accepted), {@code dilation_rate}, {@code activation}, {@code use_bias} and the bias
 * initializer / regularizer / constraint, {@code activity_regularizer} — and the shape rules.
 *
 * <pre>  output = activation(conv(input, kernel) + bias)</pre>
 *
 * <p>1-D layers run the 2-D native kernels on a height-1 image ({@code [n, L, c] -> [n, 1, L, c]}),
 * which is exact. Causal padding adds {@code (kernel - 1) * dilation} zeros before the sequence,
 * then convolves valid. As TensorFlow, strides above 1 cannot be combined with a dilation above 1.
 *
 * @param <T> the concrete layer, so that fluent setters chain
 */
public abstract class Conv<T extends Conv<T>> extends SingleInputLayer {

    private final int rank;
    private int[] kernelSize;
    private int[] strides;
    private int[] dilationRate;
    private String padding = "valid";
    private String dataFormat = ConvArgs.CHANNELS_LAST;
    private Activation activation = Activations.get("linear");
    private boolean useBias = true;
    private Initializer biasInitializer = new Zeros();
    private Regularizer biasRegularizer;
    private Regularizer activityRegularizer;
    private Constraint biasConstraint;
    private Variable bias;
    private long[] builtShape;

    /** A convolution over {@code rank} spatial axes (1 or 2). */
    protected Conv(int rank) {
        this.rank = rank;
        this.strides = ConvArgs.tuple("strides", rank, 1);
        this.dilationRate = ConvArgs.tuple("dilation_rate", rank, 1);
    }

    @SuppressWarnings("unchecked")
    final T self() {
        return (T) this;
    }

    /** The number of spatial axes (1 or 2). */
    public final int spatialRank() {
        return rank;
    }

    void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException("Layer '" + name() + "' is already built; configure it before use.");
        }
    }

    // ------------------------------------------------------------------ options

    /** {@code kernel_size}: one integer for every spatial axis, or one per axis. */
    public T kernelSize(int... value) {
        requireUnbuilt();
        this.kernelSize = ConvArgs.tuple("kernel_size", rank, value);
        return self();
    }

    /** {@code strides}: one integer for every spatial axis, or one per axis (default 1). */
    public T strides(int... value) {
        requireUnbuilt();
        this.strides = ConvArgs.tuple("strides", rank, value);
        return self();
    }

    /** {@code dilation_rate}: one integer for every spatial axis, or one per axis (default 1). */
    public T dilationRate(int... value) {
        requireUnbuilt();
        this.dilationRate = ConvArgs.tuple("dilation_rate", rank, value);
        return self();
    }

    /** {@code padding}: "valid" (default) or "same"; 1-D layers also accept "causal". */
    public T padding(String value) {
        requireUnbuilt();
        this.padding = ConvArgs.padding(value, rank == 1 && allowsCausal());
        return self();
    }

    /** {@code data_format}: "channels_last" (default, {@code [n, ..., c]}) or "channels_first". */
    public T dataFormat(String value) {
        requireUnbuilt();
        this.dataFormat = ConvArgs.dataFormat(value);
        return self();
    }

    /** The activation by Keras name (null: linear). */
    public T activation(String name) {
        this.activation = Activations.get(name);
        return self();
    }

    /** The activation object (a custom one cannot be written to a config). */
    public T activation(Activation value) {
        this.activation = value == null ? Activations.get("linear") : value;
        return self();
    }

    /** Whether to add a bias. */
    public T useBias(boolean value) {
        requireUnbuilt();
        this.useBias = value;
        return self();
    }

    /** Bias initializer by name, Keras JSON map, or object. */
    public T biasInitializer(Object spec) {
        requireUnbuilt();
        this.biasInitializer = spec == null ? new Zeros() : Initializers.get(spec);
        return self();
    }

    /** Bias regularizer (null: none). */
    public T biasRegularizer(Object spec) {
        requireUnbuilt();
        this.biasRegularizer = Regularizers.get(spec);
        return self();
    }

    /** Output (activity) regularizer (null: none); its penalty is divided by the batch size as Keras does. */
    public T activityRegularizer(Object spec) {
        this.activityRegularizer = Regularizers.get(spec);
        return self();
    }

    /** Bias constraint (null: none). */
    public T biasConstraint(Object spec) {
        requireUnbuilt();
        this.biasConstraint = Constraints.get(spec);
        return self();
    }

    /** The kernel size per spatial axis. */
    public int[] kernelSize() {
        return kernelSize == null ? null : kernelSize.clone();
    }

    /** The padding mode. */
    public String padding() {
        return padding;
    }

    /** The data format. */
    public String dataFormat() {
        return dataFormat;
    }

    /** The bias variable (after build; null without bias). */
    public Variable bias() {
        return bias;
    }

    boolean useBias() {
        return useBias;
    }

    int stride(int axis) {
        return strides[axis];
    }

    int dilation(int axis) {
        return dilationRate[axis];
    }

    // ------------------------------------------------------------------ subclass hooks

    /** Whether this 1-D layer accepts causal padding (Keras: Conv1D yes). */
    boolean allowsCausal() {
        return true;
    }

    /** Creates the kernels for {@code inChannels} input channels. */
    abstract void buildKernels(long inChannels);

    /** The number of output channels for {@code inChannels} input channels. */
    abstract long outputChannels(long inChannels);

    /** The convolution of a rank-4 input (NHWC or NCHW per the geometry), bias included. */
    abstract Tensor convolve(Tensor x, ConvOps.Geometry geometry);

    /** {@code relu(convolve(x))} as one op, or null where this layer has no fused form (the default). */
    Tensor convolveRelu(Tensor x, ConvOps.Geometry geometry) {
        return null;
    }

    /** Output length of spatial axis {@code i} for an input length (padding "causal" counts as "same"). */
    long outputLength(long input, int i) {
        return ConvOps.Geometry.outputLength(input, kernelSize[i], strides[i], dilationRate[i], !"valid".equals(padding));
    }

    /** Writes the keys that come before {@code kernel_size} (filters). */
    void writeHead(Map<String, Object> c) {
    }

    /** Writes the kernel initializer / regularizer / constraint keys. */
    abstract void writeKernelConfig(Map<String, Object> c);

    /** Reads the keys of {@link #writeHead} and {@link #writeKernelConfig}. */
    abstract void readOwnConfig(Config c);

    /** The bias as a tensor, or null without bias. */
    Tensor biasTensor() {
        return bias == null ? null : bias.tensor();
    }

    /** A kernel with a leading height-1 axis for 1-D layers ({@code [k, ...] -> [1, k, ...]}). */
    Tensor kernel4d(Variable kernel) {
        Tensor k = kernel.tensor();
        if (rank == 2) {
            return k;
        }
        long[] s = kernel.value().shape();
        long[] out = new long[s.length + 1];
        out[0] = 1;
        System.arraycopy(s, 0, out, 1, s.length);
        return k.reshape(out);
    }

    // ------------------------------------------------------------------ Layer

    private int channelAxis() {
        return ConvArgs.channelAxis(dataFormat, rank + 2);
    }

    @Override
    protected void checkInputShape(long[] inputShape) {
        if (kernelSize == null) {
            throw new IllegalStateException("Layer '" + name() + "' has no `kernel_size`; set it before building.");
        }
        if (inputShape.length != rank + 2) {
            throw new LayerShapeException("Input 0 of layer '" + name() + "' (" + registryName() + ") is incompatible"
                    + " with the layer: expected ndim=" + (rank + 2) + ", found ndim=" + inputShape.length
                    + ". Full shape received: " + Shapes.describe(inputShape) + ".");
        }
        long channels = inputShape[channelAxis()];
        if (builtShape != null && channels != builtShape[channelAxis()]) {
            long[] expected = inputShape.clone();
            expected[channelAxis()] = builtShape[channelAxis()];
            throw new LayerShapeException(name(), expected, inputShape, registryName() + " was built for "
                    + builtShape[channelAxis()] + " input channels (" + dataFormat + ").");
        }
        for (int i = 0; i < rank; i++) {
            if (strides[i] > 1 && dilationRate[i] > 1) {
                throw new IllegalArgumentException("Layer '" + name() + "': `strides` > 1 is not supported together"
                        + " with `dilation_rate` > 1. Received: strides=" + Arrays.toString(strides)
                        + ", dilation_rate=" + Arrays.toString(dilationRate));
            }
        }
        long[] out = computeOutputShape(inputShape);
        int[] spatial = ConvArgs.spatialAxes(dataFormat, rank + 2);
        for (int a : spatial) {
            if (out[a] == 0) {
                throw new LayerShapeException("Layer '" + name() + "' (" + registryName() + ") cannot convolve input "
                        + Shapes.describe(inputShape) + " with kernel_size=" + Arrays.toString(kernelSize)
                        + ", dilation_rate=" + Arrays.toString(dilationRate) + " and padding='valid': an output"
                        + " dimension would be 0. Use padding='same' or a larger input.");
            }
        }
    }

    @Override
    protected void build(long[] inputShape) {
        long channels = inputShape[channelAxis()];
        if (channels < 0) {
            throw new LayerShapeException("The channel dimension of the inputs to layer '" + name() + "' ("
                    + registryName() + ") should be defined. Found None in shape " + Shapes.describe(inputShape)
                    + ".");
        }
        buildKernels(channels);
        if (useBias) {
            bias = addWeight("bias", new long[] {outputChannels(channels)}, biasInitializer, biasRegularizer,
                    biasConstraint, true);
        }
        builtShape = inputShape.clone();
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        long[] out = inputShape.clone();
        int[] spatial = ConvArgs.spatialAxes(dataFormat, inputShape.length);
        for (int i = 0; i < spatial.length; i++) {
            out[spatial[i]] = outputLength(inputShape[spatial[i]], i);
        }
        long channels = inputShape[channelAxis()];
        out[channelAxis()] = channels < 0 ? -1 : outputChannels(channels);
        return out;
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        boolean channelsFirst = ConvArgs.CHANNELS_FIRST.equals(dataFormat);
        Tensor x = input;
        if ("causal".equals(padding)) {
            x = padBefore(x, (long) (kernelSize[0] - 1) * dilationRate[0], channelsFirst ? 2 : 1);
        }
        boolean same = "same".equals(padding);
        ConvOps.Geometry g;
        if (rank == 1) {
            long[] s = x.shape();
            x = channelsFirst ? x.reshape(s[0], s[1], 1, s[2]) : x.reshape(s[0], 1, s[1], s[2]);
            g = new ConvOps.Geometry(new int[] {1, strides[0]}, new int[] {1, dilationRate[0]}, same, channelsFirst);
        } else {
            g = new ConvOps.Geometry(strides, dilationRate, same, channelsFirst);
        }
        // relu fused into the convolution where the layer can (one output array instead of two)
        Tensor fused = activation instanceof NamedActivation n && "relu".equals(n.name()) ? convolveRelu(x, g) : null;
        Tensor y = fused != null ? fused : convolve(x, g);
        if (rank == 1) {
            long[] s = y.shape();
            y = channelsFirst ? y.reshape(s[0], s[1], s[3]) : y.reshape(s[0], s[2], s[3]);
        }
        Tensor out = fused != null ? y : activation.apply(y);
        if (activityRegularizer != null) {
            addLoss(activityRegularizer.penalty(out).div((double) input.shape()[0]));
        }
        return out;
    }

    /** Zeros before the values along {@code axis} (causal padding); the gradient of the zeros is dropped. */
    private static Tensor padBefore(Tensor x, long amount, int axis) {
        if (amount == 0) {
            return x;
        }
        long[] s = x.shape();
        s[axis] = amount;
        return Tensor.concat(axis, Tensor.of(org.nd4j.linalg.factory.Nd4j.zeros(x.value().dataType(), s)), x);
    }

    @Override
    protected final void writeConfig(Map<String, Object> c) {
        writeHead(c);
        c.put("kernel_size", kernelSize == null ? null : ConvArgs.list(kernelSize));
        c.put("strides", ConvArgs.list(strides));
        c.put("padding", padding);
        c.put("data_format", dataFormat);
        c.put("dilation_rate", ConvArgs.list(dilationRate));
        writeGroups(c);
        c.put("activation", Activations.nameOf(activation));
        c.put("use_bias", useBias);
        writeKernelConfig(c);
        c.put("bias_initializer", Initializers.serialize(biasInitializer));
        c.put("bias_regularizer", Regularizers.serialize(biasRegularizer));
        c.put("activity_regularizer", Regularizers.serialize(activityRegularizer));
        c.put("bias_constraint", Constraints.serialize(biasConstraint));
    }

    /** Writes {@code groups} where Keras has it (Conv1D / Conv2D). */
    void writeGroups(Map<String, Object> c) {
    }

    @Override
    protected final void readConfig(Config c) {
        readOwnConfig(c);
        if (!c.has("kernel_size")) {
            throw new IllegalArgumentException("The config of " + registryName() + " needs 'kernel_size'.");
        }
        kernelSize(ConvArgs.readTuple(c, "kernel_size", rank, null));
        strides(ConvArgs.readTuple(c, "strides", rank, new int[] {1}));
        padding(c.getString("padding", "valid"));
        dataFormat(c.getString("data_format", null));
        dilationRate(ConvArgs.readTuple(c, "dilation_rate", rank, new int[] {1}));
        activation(LayerSpecs.activationName(c, "activation"));
        useBias(c.getBoolean("use_bias", true));
        biasInitializer = LayerSpecs.initializer(c, "bias_initializer", new Zeros());
        biasRegularizer = LayerSpecs.regularizer(c, "bias_regularizer");
        activityRegularizer = LayerSpecs.regularizer(c, "activity_regularizer");
        biasConstraint = LayerSpecs.constraint(c, "bias_constraint");
    }
}
