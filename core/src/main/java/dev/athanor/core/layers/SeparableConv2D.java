package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Constraint;
import dev.athanor.core.ops.ConvOps;
import dev.athanor.core.Initializer;
import dev.athanor.core.Regularizer;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.constraints.Constraints;
import dev.athanor.core.initializers.GlorotUniform;
import dev.athanor.core.initializers.Initializers;
import dev.athanor.core.regularizers.Regularizers;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code SeparableConv2D(filters, kernel_size, strides=(1, 1), padding="valid",
 * data_format="channels_last", dilation_rate=(1, 1), depth_multiplier=1, activation=None,
 * use_bias=True, depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform", ...)}
 * (Keras 2.6): a depthwise convolution (strides, padding and dilation apply here) followed by a 1x1
 * pointwise convolution that mixes channels, then the bias:
 *
 * <pre>  output = activation(conv1x1(depthwise(input, depthwise_kernel), pointwise_kernel) + bias)</pre>
 *
 * Weights: {@code depthwise_kernel [kh, kw, in, depth_multiplier]},
 * {@code pointwise_kernel [1, 1, in * depth_multiplier, filters]}, then {@code bias [filters]}.
 */
public class SeparableConv2D extends Conv<SeparableConv2D> {

    private int filters;
    private int depthMultiplier = 1;
    private Initializer depthwiseInitializer = new GlorotUniform();
    private Initializer pointwiseInitializer = new GlorotUniform();
    private Regularizer depthwiseRegularizer;
    private Regularizer pointwiseRegularizer;
    private Constraint depthwiseConstraint;
    private Constraint pointwiseConstraint;
    private Variable depthwiseKernel;
    private Variable pointwiseKernel;

    /** For the registry; {@code filters} and {@code kernel_size} must be configured. */
    public SeparableConv2D() {
        super(2);
    }

    /** {@code filters} output channels and a square or {@code [kh, kw]} depthwise kernel. */
    public SeparableConv2D(int filters, int... kernelSize) {
        this();
        filters(filters);
        kernelSize(kernelSize);
    }

    @Override
    public List<String> aliases() {
        return List.of("SeparableConvolution2D");
    }

    /** Output channels (positive). */
    public SeparableConv2D filters(int value) {
        requireUnbuilt();
        if (value <= 0) {
            throw new IllegalArgumentException("Invalid value for argument `filters`. Expected a strictly positive"
                    + " value. Received filters=" + value + ".");
        }
        this.filters = value;
        return this;
    }

    /** Depthwise filters per input channel (positive, default 1). */
    public SeparableConv2D depthMultiplier(int value) {
        requireUnbuilt();
        if (value <= 0) {
            throw new IllegalArgumentException("`depth_multiplier` must be a positive integer. Received:"
                    + " depth_multiplier=" + value);
        }
        this.depthMultiplier = value;
        return this;
    }

    /** Depthwise kernel initializer (default glorot_uniform). */
    public SeparableConv2D depthwiseInitializer(Object spec) {
        requireUnbuilt();
        this.depthwiseInitializer = spec == null ? new GlorotUniform() : Initializers.get(spec);
        return this;
    }

    /** Pointwise kernel initializer (default glorot_uniform). */
    public SeparableConv2D pointwiseInitializer(Object spec) {
        requireUnbuilt();
        this.pointwiseInitializer = spec == null ? new GlorotUniform() : Initializers.get(spec);
        return this;
    }

    /** Depthwise kernel regularizer (null: none). */
    public SeparableConv2D depthwiseRegularizer(Object spec) {
        requireUnbuilt();
        this.depthwiseRegularizer = Regularizers.get(spec);
        return this;
    }

    /** Pointwise kernel regularizer (null: none). */
    public SeparableConv2D pointwiseRegularizer(Object spec) {
        requireUnbuilt();
        this.pointwiseRegularizer = Regularizers.get(spec);
        return this;
    }

    /** Depthwise kernel constraint (null: none). */
    public SeparableConv2D depthwiseConstraint(Object spec) {
        requireUnbuilt();
        this.depthwiseConstraint = Constraints.get(spec);
        return this;
    }

    /** Pointwise kernel constraint (null: none). */
    public SeparableConv2D pointwiseConstraint(Object spec) {
        requireUnbuilt();
        this.pointwiseConstraint = Constraints.get(spec);
        return this;
    }

    @Override
    void buildKernels(long inChannels) {
        if (filters <= 0) {
            throw new IllegalStateException("Layer '" + name() + "' has no `filters`; set them before building.");
        }
        int[] k = kernelSize();
        depthwiseKernel = addWeight("depthwise_kernel", new long[] {k[0], k[1], inChannels, depthMultiplier},
                depthwiseInitializer, depthwiseRegularizer, depthwiseConstraint, true);
        pointwiseKernel = addWeight("pointwise_kernel", new long[] {1, 1, inChannels * depthMultiplier, filters},
                pointwiseInitializer, pointwiseRegularizer, pointwiseConstraint, true);
    }

    @Override
    long outputChannels(long inChannels) {
        return filters;
    }

    @Override
    Tensor convolve(Tensor x, ConvOps.Geometry g) {
        Tensor depthwise = ConvOps.depthwiseConv2d(x, depthwiseKernel.tensor(), null, g);
        ConvOps.Geometry pointwise = new ConvOps.Geometry(new int[] {1, 1}, new int[] {1, 1}, false,
                g.channelsFirst());
        return ConvOps.conv2d(depthwise, pointwiseKernel.tensor(), biasTensor(), pointwise);
    }

    @Override
    void writeHead(Map<String, Object> c) {
        c.put("filters", filters);
    }

    @Override
    void writeKernelConfig(Map<String, Object> c) {
        c.put("depth_multiplier", depthMultiplier);
        c.put("depthwise_initializer", Initializers.serialize(depthwiseInitializer));
        c.put("pointwise_initializer", Initializers.serialize(pointwiseInitializer));
        c.put("depthwise_regularizer", Regularizers.serialize(depthwiseRegularizer));
        c.put("pointwise_regularizer", Regularizers.serialize(pointwiseRegularizer));
        c.put("depthwise_constraint", Constraints.serialize(depthwiseConstraint));
        c.put("pointwise_constraint", Constraints.serialize(pointwiseConstraint));
    }

    @Override
    void readOwnConfig(Config c) {
        if (!c.has("filters")) {
            throw new IllegalArgumentException("The config of SeparableConv2D needs 'filters'.");
        }
        filters(c.getInt("filters", 0));
        ConvGroups.requireOne(c, registryName());
        depthMultiplier(c.getInt("depth_multiplier", 1));
        depthwiseInitializer = LayerSpecs.initializer(c, "depthwise_initializer", new GlorotUniform());
        pointwiseInitializer = LayerSpecs.initializer(c, "pointwise_initializer", new GlorotUniform());
        depthwiseRegularizer = LayerSpecs.regularizer(c, "depthwise_regularizer");
        pointwiseRegularizer = LayerSpecs.regularizer(c, "pointwise_regularizer");
        depthwiseConstraint = LayerSpecs.constraint(c, "depthwise_constraint");
        pointwiseConstraint = LayerSpecs.constraint(c, "pointwise_constraint");
    }
}
