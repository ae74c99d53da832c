package dev.athanor.plugins.example;

import dev.athanor.core.Config;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.initializers.Initializers;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.layers.LayerShapeException;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The token + position embedding of Keras's "Text classification with Transformer" example
 * (keras-io examples/nlp/text_classification_with_transformer.py), written as a plugin author would:
 * ids {@code [batch, T]} become
 *
 * <pre>  out[b, t, :] = token_emb[ids[b, t], :] + pos_emb[t, :]        [batch, T, embed_dim]</pre>
 *
 * with two tables initialized as Keras's {@code Embedding} ("uniform": U(-0.05, 0.05)). Registry
 * name {@code TokenAndPositionEmbedding}, also under {@code athanor_example>TokenAndPositionEmbedding},
 * the {@code registered_name} Keras gives the example's class registered with
 * {@code @keras.saving.register_keras_serializable(package="athanor_example")}, so the Keras model's
 * {@code .keras} file loads with this class. Config: {@code maxlen}, {@code vocab_size},
 * {@code embed_dim}.
 *
 * <p>Weights, in the order Keras 3's {@code .keras} file lists them (it walks a layer's sublayers by
 * attribute name, {@code pos_emb} before {@code token_emb}): {@code pos_emb/embeddings [maxlen, embed_dim]},
 * then {@code token_emb/embeddings [vocab_size, embed_dim]}. Sequences shorter than {@code maxlen}
 * use the first positions (as Keras's {@code ops.arange(T)}); longer ones and ids outside
 * {@code [0, vocab_size)} are refused.
 */
public class TokenAndPositionEmbedding extends Layer {

    private int maxlen = -1;
    private int vocabSize = -1;
    private int embedDim = -1;
    private Variable positions;
    private Variable tokens;

    /** For the registry: the sizes come from the config. */
    public TokenAndPositionEmbedding() {
    }

    /** Sequences of up to {@code maxlen} ids in {@code [0, vocabSize)} become {@code embedDim}-vectors. */
    public TokenAndPositionEmbedding(int maxlen, int vocabSize, int embedDim) {
        this.maxlen = positive("maxlen", maxlen);
        this.vocabSize = positive("vocab_size", vocabSize);
        this.embedDim = positive("embed_dim", embedDim);
    }

    private static int positive(String key, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("TokenAndPositionEmbedding `" + key + "` must be positive. Received: "
                    + key + "=" + v);
        }
        return v;
    }

    @Override
    public List<String> aliases() {
        return List.of("athanor_example>TokenAndPositionEmbedding");
    }

    /** The position table {@code [maxlen, embed_dim]} (after build). */
    public Variable positionEmbeddings() {
        return positions;
    }

    /** The token table {@code [vocab_size, embed_dim]} (after build). */
    public Variable tokenEmbeddings() {
        return tokens;
    }

    @Override
    protected void checkInputShapes(List<long[]> shapes) {
        if (maxlen <= 0 || vocabSize <= 0 || embedDim <= 0) {
            throw new IllegalStateException("Layer '" + name() + "' needs maxlen, vocab_size and embed_dim.");
        }
        long[] s = shapes.get(0);
        if (shapes.size() != 1 || s.length != 2 || s[1] > maxlen) {
            throw new LayerShapeException(name(), new long[] {-1, maxlen}, s, "TokenAndPositionEmbedding takes one"
                    + " input of ids [batch, T] with T <= maxlen = " + maxlen + ".");
        }
    }

    @Override
    protected void build(List<long[]> inputShapes) {
        positions = addWeight("pos_emb/embeddings", new long[] {maxlen, embedDim}, Initializers.get("uniform"),
                null, null, true);
        tokens = addWeight("token_emb/embeddings", new long[] {vocabSize, embedDim}, Initializers.get("uniform"),
                null, null, true);
    }

    @Override
    public List<long[]> computeOutputShape(List<long[]> inputShapes) {
        long[] s = inputShapes.get(0);
        return List.of(new long[] {s[0], s[1], embedDim});
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        INDArray ids = inputs.get(0).value();
        long batch = ids.size(0);
        long steps = ids.size(1);
        int[] rows = ids.reshape(ids.length()).castTo(DataType.INT32).toIntVector();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= vocabSize) {
                throw new IllegalArgumentException("Layer '" + name() + "' (TokenAndPositionEmbedding): id " + rows[i]
                        + " at flat index " + i + " of ids " + Shapes.describe(ids.shape()) + " is not in [0, "
                        + vocabSize + ").");
            }
        }
        Tensor tok = tokens.tensor().gatherRows(rows).reshape(batch, steps, embedDim);
        Tensor pos = positions.tensor().slice(0, 0, steps);
        return List.of(tok.add(pos));
    }

    @Override
    protected void writeConfig(Map<String, Object> config) {
        config.put("maxlen", maxlen);
        config.put("vocab_size", vocabSize);
        config.put("embed_dim", embedDim);
    }

    @Override
    protected void readConfig(Config config) {
        maxlen = positive("maxlen", config.getInt("maxlen", -1));
        vocabSize = positive("vocab_size", config.getInt("vocab_size", -1));
        embedDim = positive("embed_dim", config.getInt("embed_dim", -1));
    }
}
