package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Constraint;
import dev.athanor.core.ops.EmbeddingOps;
import dev.athanor.core.Initializer;
import dev.athanor.core.Regularizer;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.constraints.Constraints;
import dev.athanor.core.initializers.Initializers;
import dev.athanor.core.initializers.RandomUniform;
import dev.athanor.core.regularizers.Regularizers;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code Embedding(input_dim, output_dim, embeddings_initializer="uniform",
 * embeddings_regularizer=None, activity_regularizer=None, embeddings_constraint=None,
 * mask_zero=False, input_length=None)} (keras/layers/embeddings.py, Keras 2.6): turns integer ids
 * into dense vectors,
 *
 * <pre>  output[..., :] = embeddings[id, :]      embeddings: [input_dim, output_dim]</pre>
 *
 * so {@code [batch, n]} ids become {@code [batch, n, output_dim]}. Keras's "uniform" default is
 * {@code RandomUniform(-0.05, 0.05)}. With {@code mask_zero} the id 0 is padding: the output mask
 * is {@code ids != 0}, which recurrent layers downstream use to skip those steps (and then
 * {@code input_dim} must count the padding id). {@code input_length} is accepted for old files and
 * checked against the input when given.
 */
public class Embedding extends SingleInputLayer {

    private int inputDim;
    private int outputDim;
    private Initializer embeddingsInitializer = new RandomUniform();
    private Regularizer embeddingsRegularizer;
    private Regularizer activityRegularizer;
    private Constraint embeddingsConstraint;
    private boolean maskZero;
    private long[] inputLength;
    private Variable embeddings;

    /** For the registry; {@code input_dim} and {@code output_dim} must be configured. */
    public Embedding() {
    }

    /** A table of {@code inputDim} ids by {@code outputDim} features. */
    public Embedding(int inputDim, int outputDim) {
        inputDim(inputDim);
        outputDim(outputDim);
    }

    /** The vocabulary size: ids are in {@code [0, inputDim)}. */
    public Embedding inputDim(int value) {
        requireUnbuilt();
        if (value <= 0) {
            throw new IllegalArgumentException("`input_dim` must be a positive integer. Received: input_dim=" + value);
        }
        this.inputDim = value;
        return this;
    }

    /** The size of each vector. */
    public Embedding outputDim(int value) {
        requireUnbuilt();
        if (value <= 0) {
            throw new IllegalArgumentException("`output_dim` must be a positive integer. Received: output_dim="
                    + value);
        }
        this.outputDim = value;
        return this;
    }

    /** Whether id 0 is padding that downstream layers mask out. */
    public Embedding maskZero(boolean value) {
        this.maskZero = value;
        return this;
    }

    /** Keras's {@code input_length}: the length of the id sequences (also sets the input shape). */
    public Embedding inputLength(long... lengths) {
        requireUnbuilt();
        this.inputLength = lengths == null ? null : lengths.clone();
        if (lengths != null && batchInputShape() == null) {
            inputShape(lengths);
        }
        return this;
    }

    /** Table initializer by name, Keras JSON map, or object (null: uniform in [-0.05, 0.05]). */
    public Embedding embeddingsInitializer(Object spec) {
        requireUnbuilt();
        this.embeddingsInitializer = spec == null ? new RandomUniform() : Initializers.get(spec);
        return this;
    }

    /** Table regularizer (null: none). */
    public Embedding embeddingsRegularizer(Object spec) {
        requireUnbuilt();
        this.embeddingsRegularizer = Regularizers.get(spec);
        return this;
    }

    /** Output regularizer (null: none). */
    public Embedding activityRegularizer(Object spec) {
        this.activityRegularizer = Regularizers.get(spec);
        return this;
    }

    /** Table constraint (null: none). */
    public Embedding embeddingsConstraint(Object spec) {
        requireUnbuilt();
        this.embeddingsConstraint = Constraints.get(spec);
        return this;
    }

    /** The table variable (after build). */
    public Variable embeddings() {
        return embeddings;
    }

    private void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException("Layer '" + name() + "' is already built; configure it before use.");
        }
    }

    /** Here {@code input_dim} is the vocabulary size, not the input shape. */
    @Override
    protected boolean inputDimIsShapeShorthand() {
        return false;
    }

    @Override
    protected void checkInputShape(long[] inputShape) {
        if (inputLength == null) {
            return;
        }
        long[] given = Arrays.copyOfRange(inputShape, 1, inputShape.length);
        boolean ok = given.length == inputLength.length;
        for (int i = 0; ok && i < given.length; i++) {
            ok = inputLength[i] < 0 || given[i] < 0 || inputLength[i] == given[i];
        }
        if (!ok) {
            throw new LayerShapeException(name(), Shapes.withBatch(-1, inputLength), inputShape,
                    "Embedding has input_length " + Arrays.toString(inputLength) + " but received ids of shape "
                            + Shapes.describe(inputShape) + ".");
        }
    }

    @Override
    protected void build(long[] inputShape) {
        if (inputDim <= 0 || outputDim <= 0) {
            throw new IllegalStateException("Layer '" + name() + "' needs `input_dim` and `output_dim`; set them"
                    + " before building.");
        }
        embeddings = addWeight("embeddings", new long[] {inputDim, outputDim}, embeddingsInitializer,
                embeddingsRegularizer, embeddingsConstraint, true);
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        long[] out = Arrays.copyOf(inputShape, inputShape.length + 1);
        out[inputShape.length] = outputDim;
        return out;
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        Tensor out = EmbeddingOps.lookup(embeddings.tensor(), input.value());
        if (activityRegularizer != null) {
            addLoss(activityRegularizer.penalty(out).div((double) input.shape()[0]));
        }
        return out;
    }

    /** With {@code mask_zero}: 1 where the id is not 0. */
    @Override
    public List<INDArray> computeMask(List<Tensor> inputs, List<INDArray> inputMasks) {
        if (!maskZero) {
            return List.of();
        }
        INDArray ids = inputs.get(0).value();
        INDArray mask = ids.neq(0).castTo(Nd4j.defaultFloatingPointType());
        return Collections.singletonList(mask);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("input_dim", inputDim);
        c.put("output_dim", outputDim);
        c.put("embeddings_initializer", Initializers.serialize(embeddingsInitializer));
        c.put("embeddings_regularizer", Regularizers.serialize(embeddingsRegularizer));
        c.put("activity_regularizer", Regularizers.serialize(activityRegularizer));
        c.put("embeddings_constraint", Constraints.serialize(embeddingsConstraint));
        c.put("mask_zero", maskZero);
        if (inputLength == null) {
            c.put("input_length", null);
        } else if (inputLength.length == 1) {
            c.put("input_length", inputLength[0]);
        } else {
            c.put("input_length", Arrays.stream(inputLength).mapToObj(d -> d < 0 ? null : (Object) d).toList());
        }
    }

    @Override
    protected void readConfig(Config c) {
        if (!c.has("input_dim") || !c.has("output_dim")) {
            throw new IllegalArgumentException("The config of Embedding needs 'input_dim' and 'output_dim'.");
        }
        inputDim(c.getInt("input_dim", 0));
        outputDim(c.getInt("output_dim", 0));
        embeddingsInitializer = LayerSpecs.initializer(c, "embeddings_initializer", new RandomUniform());
        embeddingsRegularizer = LayerSpecs.regularizer(c, "embeddings_regularizer");
        activityRegularizer = LayerSpecs.regularizer(c, "activity_regularizer");
        embeddingsConstraint = LayerSpecs.constraint(c, "embeddings_constraint");
        maskZero = c.getBoolean("mask_zero", false);
        Object len = c.get("input_length");
        if (len instanceof Number n) {
            inputLength = new long[] {n.longValue()};
        } else if (len instanceof List<?>) {
            inputLength = c.getShape("input_length");
        } else if (len != null) {
            throw new IllegalArgumentException("Config key 'input_length' of Embedding must be an integer, a list or"
                    + " null. Received: input_length=" + len);
        }
    }
}
