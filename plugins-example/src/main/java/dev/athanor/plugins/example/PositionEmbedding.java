package dev.athanor.plugins.example;

import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.initializers.Initializers;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.layers.LayerShapeException;
import java.util.List;
import java.util.Map;

/**
 * A learned position embedding for sequences of vectors (the position half of
 * {@link TokenAndPositionEmbedding}, for inputs that are already features, such as image rows):
 * {@code out[b, t, :] = x[b, t, :] + pos_emb[t, :]}. Weight {@code pos_emb/embeddings [maxlen, d]}
 * ("uniform", U(-0.05, 0.05), as Keras's Embedding). Registry name {@code PositionEmbedding}, config
 * {@code maxlen}. Passes a Keras mask on.
 */
public class PositionEmbedding extends Layer {

    private int maxlen = -1;
    private Variable positions;

    /** For the registry: {@code maxlen} comes from the config. */
    public PositionEmbedding() {
    }

    /** Sequences of up to {@code maxlen} steps. */
    public PositionEmbedding(int maxlen) {
        if (maxlen <= 0) {
            throw new IllegalArgumentException("PositionEmbedding `maxlen` must be positive. Received: maxlen=" + maxlen);
        }
        this.maxlen = maxlen;
    }

    @Override
    protected void checkInputShapes(List<long[]> shapes) {
        long[] s = shapes.get(0);
        if (shapes.size() != 1 || s.length != 3 || s[1] > maxlen || s[2] < 0) {
            throw new LayerShapeException(name(), new long[] {-1, maxlen, s.length == 3 ? s[2] : -1}, s,
                    "PositionEmbedding takes one input [batch, T, features] with T <= maxlen = " + maxlen
                            + " and known features.");
        }
    }

    @Override
    protected void build(List<long[]> inputShapes) {
        positions = addWeight("pos_emb/embeddings", new long[] {maxlen, inputShapes.get(0)[2]},
                Initializers.get("uniform"), null, null, true);
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public List<long[]> computeOutputShape(List<long[]> inputShapes) {
        return List.of(inputShapes.get(0).clone());
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        Tensor x = inputs.get(0);
        return List.of(x.add(positions.tensor().slice(0, 0, x.shape()[1])));
    }

    @Override
    protected void writeConfig(Map<String, Object> config) {
        config.put("maxlen", maxlen);
    }

    @Override
    protected void readConfig(Config config) {
        maxlen = config.getInt("maxlen", -1);
        if (maxlen <= 0) {
            throw new IllegalArgumentException("PositionEmbedding config needs a positive `maxlen`. Received: " + maxlen);
        }
    }
}
