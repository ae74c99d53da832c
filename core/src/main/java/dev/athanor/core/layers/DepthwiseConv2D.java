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
import java.util.Map;

/**
 * Keras's {@code DepthwiseConv2D(kernel_size, strides=(1, 1), padding="valid", depth_multiplier=1,
 * data_format="channels_last", dilation_rate=(1, 1), activation=None, use_bias=True,
 * depthwise_initializer="glorot_uniform", ...)} (Keras 2.6): every input channel is convolved with
 * its own {@code depth_multiplier} filters, by libnd4j's native {@code depthwise_conv2d}:
 *
 * <pre>  out[n, i, j, c * m + q] = bias[c * m + q] + sum_{a, b} in[n, i*s0 + a*d0 - pad0, j*s1 + b*d1 - pad1, c] * depthwise_kernel[a, b, c, q]</pre>
 *
 * Weights: {@code depthwise_kernel [kh, kw, in, depth_multiplier]}, then {@code bias [in * depth_multiplier]}.
 */
public class DepthwiseConv2D extends Conv<DepthwiseConv2D> {

    private int depthMultiplier = 1;
    private Initializer depthwiseInitializer = new GlorotUniform();
    private Regularizer depthwiseRegularizer;
    private Constraint depthwiseConstraint;
    private Variable depthwiseKernel;

    /** For the registry; {@code kernel_size} must be configured. */
    public DepthwiseConv2D() {
        super(2);
    }

    /** A square or {@code [kh, kw]} kernel. */
    public DepthwiseConv2D(int... kernelSize) {
        this();
        kernelSize(kernelSize);
    }

    /** Filters per input channel (positive, default 1). */
    public DepthwiseConv2D depthMultiplier(int value) {
        requireUnbuilt();
        if (value <= 0) {
            throw new IllegalArgumentException("`depth_multiplier` must be a positive integer. Received:"
                    + " depth_multiplier=" + value);
        }
        this.depthMultiplier = value;
        return this;
    }

    /** Depthwise kernel initializer (default glorot_uniform). */
    public DepthwiseConv2D depthwiseInitializer(Object spec) {
        requireUnbuilt();
        this.depthwiseInitializer = spec == null ? new GlorotUniform() : Initializers.get(spec);
        return this;
    }

    /** Depthwise kernel regularizer (null: none). */
    public DepthwiseConv2D depthwiseRegularizer(Object spec) {
        requireUnbuilt();
        this.depthwiseRegularizer = Regularizers.get(spec);
        return this;
    }

    /** Depthwise kernel constraint (null: none). */
    public DepthwiseConv2D depthwiseConstraint(Object spec) {
        requireUnbuilt();
        this.depthwiseConstraint = Constraints.get(spec);
        return this;
    }

    /** The depthwise kernel (after build). */
    public Variable depthwiseKernel() {
        return depthwiseKernel;
    }

    @Override
    void buildKernels(long inChannels) {
        int[] k = kernelSize();
        depthwiseKernel = addWeight("depthwise_kernel", new long[] {k[0], k[1], inChannels, depthMultiplier},
                depthwiseInitializer, depthwiseRegularizer, depthwiseConstraint, true);
    }

    @Override
    long outputChannels(long inChannels) {
        return inChannels * depthMultiplier;
    }

    @Override
    Tensor convolve(Tensor x, ConvOps.Geometry geometry) {
        return ConvOps.depthwiseConv2d(x, depthwiseKernel.tensor(), biasTensor(), geometry);
    }

    @Override
    void writeKernelConfig(Map<String, Object> c) {
        c.put("depth_multiplier", depthMultiplier);
        c.put("depthwise_initializer", Initializers.serialize(depthwiseInitializer));
        c.put("depthwise_regularizer", Regularizers.serialize(depthwiseRegularizer));
        c.put("depthwise_constraint", Constraints.serialize(depthwiseConstraint));
    }

    @Override
    void readOwnConfig(Config c) {
        // Keras 2.3+ inherits these keys from Conv2D's config; they carry no meaning for a depthwise layer.
        if (c.get("filters") != null) {
            throw new IllegalArgumentException("DepthwiseConv2D has no `filters` (its output has"
                    + " in_channels * depth_multiplier channels). Received: filters=" + c.get("filters"));
        }
        ConvGroups.requireOne(c, registryName());
        depthMultiplier(c.getInt("depth_multiplier", 1));
        depthwiseInitializer = LayerSpecs.initializer(c, "depthwise_initializer", new GlorotUniform());
        depthwiseRegularizer = LayerSpecs.regularizer(c, "depthwise_regularizer");
        depthwiseConstraint = LayerSpecs.constraint(c, "depthwise_constraint");
    }
}
