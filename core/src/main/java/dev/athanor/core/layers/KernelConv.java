package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Constraint;
import dev.athanor.core.Initializer;
import dev.athanor.core.Regularizer;
import dev.athanor.core.Variable;
import dev.athanor.core.constraints.Constraints;
import dev.athanor.core.initializers.GlorotUniform;
import dev.athanor.core.initializers.Initializers;
import dev.athanor.core.regularizers.Regularizers;
import java.util.Map;

/**
 * A convolution with {@code filters} output channels and one {@code kernel} weight (Conv1D, Conv2D,
 * Conv2DTranspose): adds {@code filters} and the kernel initializer ({@code glorot_uniform}),
 * regularizer and constraint to {@link Conv}'s options. Weights, in Keras order: {@code kernel},
 * then {@code bias}.
 *
 * @param <T> the concrete layer
 */
public abstract class KernelConv<T extends KernelConv<T>> extends Conv<T> {

    private int filters;
    private Initializer kernelInitializer = new GlorotUniform();
    private Regularizer kernelRegularizer;
    private Constraint kernelConstraint;
    private Variable kernel;

    KernelConv(int rank) {
        super(rank);
    }

    /** {@code filters}: the number of output channels (positive). */
    public T filters(int value) {
        requireUnbuilt();
        if (value <= 0) {
            throw new IllegalArgumentException("Invalid value for argument `filters`. Expected a strictly positive"
                    + " value. Received filters=" + value + ".");
        }
        this.filters = value;
        return self();
    }

    /** The number of output channels. */
    public int filters() {
        return filters;
    }

    /** Kernel initializer by name, Keras JSON map, or object (default glorot_uniform). */
    public T kernelInitializer(Object spec) {
        requireUnbuilt();
        this.kernelInitializer = spec == null ? new GlorotUniform() : Initializers.get(spec);
        return self();
    }

    /** Kernel regularizer (null: none). */
    public T kernelRegularizer(Object spec) {
        requireUnbuilt();
        this.kernelRegularizer = Regularizers.get(spec);
        return self();
    }

    /** Kernel constraint (null: none). */
    public T kernelConstraint(Object spec) {
        requireUnbuilt();
        this.kernelConstraint = Constraints.get(spec);
        return self();
    }

    /** The kernel variable (after build). */
    public Variable kernel() {
        return kernel;
    }

    /** The kernel's shape for {@code inChannels} input channels, in Keras's layout. */
    abstract long[] kernelShape(long inChannels);

    @Override
    void buildKernels(long inChannels) {
        if (filters <= 0) {
            throw new IllegalStateException("Layer '" + name() + "' has no `filters`; set them before building.");
        }
        kernel = addWeight("kernel", kernelShape(inChannels), kernelInitializer, kernelRegularizer, kernelConstraint,
                true);
    }

    @Override
    long outputChannels(long inChannels) {
        return filters;
    }

    @Override
    void writeHead(Map<String, Object> c) {
        c.put("filters", filters);
    }

    @Override
    void writeKernelConfig(Map<String, Object> c) {
        c.put("kernel_initializer", Initializers.serialize(kernelInitializer));
        c.put("kernel_regularizer", Regularizers.serialize(kernelRegularizer));
        c.put("kernel_constraint", Constraints.serialize(kernelConstraint));
    }

    @Override
    void readOwnConfig(Config c) {
        if (!c.has("filters")) {
            throw new IllegalArgumentException("The config of " + registryName() + " needs 'filters'.");
        }
        filters(c.getInt("filters", 0));
        kernelInitializer = LayerSpecs.initializer(c, "kernel_initializer", new GlorotUniform());
        kernelRegularizer = LayerSpecs.regularizer(c, "kernel_regularizer");
        kernelConstraint = LayerSpecs.constraint(c, "kernel_constraint");
    }
}
