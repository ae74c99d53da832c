package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Constraint;
import dev.athanor.core.Initializer;
import dev.athanor.core.Regularizer;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.activations.Activations;
import dev.athanor.core.constraints.Constraints;
import dev.athanor.core.initializers.GlorotUniform;
import dev.athanor.core.initializers.Initializers;
import dev.athanor.core.initializers.Zeros;
import dev.athanor.core.regularizers.Regularizers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras 3's {@code EinsumDense(equation, output_shape, activation=None, bias_axes=None,
 * kernel_initializer="glorot_uniform", bias_initializer="zeros", ...)}
 * (keras/src/layers/core/einsum_dense.py):
 *
 * <pre>  output = activation(einsum(equation, input, kernel) + bias)</pre>
 *
 * e.g. {@code EinsumDense("abc,cde->abde", output_shape=[-1, 4, 8], bias_axes="de")} projects
 * {@code [b, T, c]} to {@code [b, T, 4, 8]} with {@code kernel [c, 4, 8]} and {@code bias [4, 8]}.
 * Weights in Keras order: {@code kernel}, then {@code bias} (shape as Keras: the output axes from
 * the first biased one to the end, 1 where an axis has no bias). {@code output_shape} lists the
 * output's axes after the batch (after the elided ones with a leading {@code ...}); -1 (Keras's
 * None) for axes taken from the input. How the product is computed, and which equations are
 * refused: {@link EinsumProjection}. Quantization and LoRA are refused.
 */
public class EinsumDense extends SingleInputLayer {

    private String equation;
    private long[] partialOutputShape;
    private boolean outputShapeScalar;
    private String biasAxes;
    private dev.athanor.core.activations.Activation activation = Activations.get("linear");
    private Initializer kernelInitializer = new GlorotUniform();
    private Initializer biasInitializer = new Zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Regularizer activityRegularizer;
    private Constraint kernelConstraint;
    private Constraint biasConstraint;
    private EinsumProjection projection;
    private long[] builtShape;
    private Variable kernel;
    private Variable bias;

    /** For the registry; {@code equation} and {@code output_shape} must be configured. */
    public EinsumDense() {
    }

    /** A projection by {@code equation} with Keras's {@code output_shape} (-1 for unknown axes). */
    public EinsumDense(String equation, long... outputShape) {
        equation(equation);
        outputShape(outputShape);
    }

    /** The einsum equation, e.g. {@code "ab,bc->ac"}. */
    public EinsumDense equation(String value) {
        requireUnbuilt();
        if (value == null || !value.contains(",") || !value.contains("->")) {
            throw new IllegalArgumentException("`equation` must read 'input,kernel->output'. Received: equation="
                    + value);
        }
        this.equation = value;
        return this;
    }

    /** Keras's {@code output_shape}: the output axes after the batch (-1: from the input). */
    public EinsumDense outputShape(long... value) {
        requireUnbuilt();
        this.partialOutputShape = value.clone();
        this.outputShapeScalar = false;
        return this;
    }

    /** Output letters that get a bias (null: no bias). */
    public EinsumDense biasAxes(String value) {
        requireUnbuilt();
        this.biasAxes = value;
        return this;
    }

    /** Activation by Keras name (null: linear). */
    public EinsumDense activation(String name) {
        this.activation = Activations.get(name);
        return this;
    }

    /** Kernel initializer by name, Keras JSON map, or object. */
    public EinsumDense kernelInitializer(Object spec) {
        requireUnbuilt();
        this.kernelInitializer = spec == null ? new GlorotUniform() : Initializers.get(spec);
        return this;
    }

    /** Bias initializer by name, Keras JSON map, or object. */
    public EinsumDense biasInitializer(Object spec) {
        requireUnbuilt();
        this.biasInitializer = spec == null ? new Zeros() : Initializers.get(spec);
        return this;
    }

    /** The kernel (after build). */
    public Variable kernel() {
        return kernel;
    }

    /** The bias (after build; null without bias axes). */
    public Variable bias() {
        return bias;
    }

    private void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException("Layer '" + name() + "' is already built; configure it before use.");
        }
    }

    @Override
    protected void checkInputShape(long[] inputShape) {
        if (builtShape == null) {
            return;
        }
        boolean same = inputShape.length == builtShape.length;
        for (int i = 1; same && i < inputShape.length; i++) {
            same = builtShape[i] < 0 || inputShape[i] < 0 || builtShape[i] == inputShape[i];
        }
        if (!same) {
            throw new LayerShapeException(name(), builtShape, inputShape,
                    "EinsumDense '" + equation + "' was built for that input shape.");
        }
    }

    private EinsumProjection resolve(long[] inputShape) {
        if (equation == null || partialOutputShape == null) {
            throw new IllegalStateException("Layer '" + name() + "' needs `equation` and `output_shape`.");
        }
        return EinsumProjection.resolve(name(), equation, inputShape, partialOutputShape, biasAxes);
    }

    @Override
    protected void build(long[] inputShape) {
        projection = resolve(inputShape);
        kernel = addWeight("kernel", projection.kernelShape(), kernelInitializer, kernelRegularizer,
                kernelConstraint, true);
        if (projection.biasShape() != null) {
            bias = addWeight("bias", projection.biasShape(), biasInitializer, biasRegularizer, biasConstraint, true);
        }
        builtShape = inputShape.clone();
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        return resolve(inputShape).outputShape();
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        Tensor y = projection.apply(input, kernel.tensor(), bias == null ? null : bias.tensor());
        Tensor out = activation.apply(y);
        if (activityRegularizer != null) {
            addLoss(activityRegularizer.penalty(out).div((double) input.shape()[0]));
        }
        return out;
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        if (outputShapeScalar) {
            c.put("output_shape", partialOutputShape[0]);
        } else {
            List<Object> s = new ArrayList<>();
            for (long d : partialOutputShape) {
                s.add(d < 0 ? null : d);
            }
            c.put("output_shape", s);
        }
        c.put("equation", equation);
        c.put("activation", Activations.nameOf(activation));
        c.put("bias_axes", biasAxes);
        c.put("kernel_initializer", Initializers.serialize(kernelInitializer));
        c.put("bias_initializer", Initializers.serialize(biasInitializer));
        c.put("kernel_regularizer", Regularizers.serialize(kernelRegularizer));
        c.put("bias_regularizer", Regularizers.serialize(biasRegularizer));
        c.put("activity_regularizer", Regularizers.serialize(activityRegularizer));
        c.put("kernel_constraint", Constraints.serialize(kernelConstraint));
        c.put("bias_constraint", Constraints.serialize(biasConstraint));
    }

    @Override
    protected void readConfig(Config c) {
        if (!c.has("equation") || !c.has("output_shape")) {
            throw new IllegalArgumentException("The config of EinsumDense needs 'equation' and 'output_shape'.");
        }
        equation(c.getString("equation", null));
        Object os = c.get("output_shape");
        if (os instanceof Number n) {
            outputShape(n.longValue());
            outputShapeScalar = true;
        } else {
            outputShape(c.getShape("output_shape"));
        }
        Object b = c.get("bias_axes");
        if (b != null && !(b instanceof String)) {
            throw new IllegalArgumentException("Config key 'bias_axes' of EinsumDense must be a string of output"
                    + " letters or null. Received: bias_axes=" + b);
        }
        biasAxes((String) b);
        activation(LayerSpecs.activationName(c, "activation"));
        kernelInitializer = LayerSpecs.initializer(c, "kernel_initializer", new GlorotUniform());
        biasInitializer = LayerSpecs.initializer(c, "bias_initializer", new Zeros());
        kernelRegularizer = LayerSpecs.regularizer(c, "kernel_regularizer");
        biasRegularizer = LayerSpecs.regularizer(c, "bias_regularizer");
        activityRegularizer = LayerSpecs.regularizer(c, "activity_regularizer");
        kernelConstraint = LayerSpecs.constraint(c, "kernel_constraint");
        biasConstraint = LayerSpecs.constraint(c, "bias_constraint");
        if (c.get("quantization_config") != null || c.has("lora_rank") && c.get("lora_rank") != null) {
            throw new IllegalArgumentException("EinsumDense '" + name() + "': quantization and LoRA are not"
                    + " supported here; save the model without them.");
        }
        c.ignore("quantization_config", "lora_alpha", "lora_rank");
    }
}
