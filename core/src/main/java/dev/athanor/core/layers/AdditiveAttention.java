package dev.athanor.core.layers;

import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.initializers.GlorotUniform;

/**
 * Keras 3's additive (Bahdanau) attention {@code AdditiveAttention(use_scale=True, dropout=0.0)}
 * (keras/src/layers/attention/additive_attention.py): as {@link Attention} with
 *
 * <pre>  scores[b, i, j] = sum_d scale[d] · tanh(query[b, i, d] + key[b, j, d])</pre>
 *
 * and the weight {@code scale [d]} (glorot_uniform; with {@code use_scale}, else 1). Masks, causal
 * mask, dropout and returned scores as {@link Attention}.
 */
public class AdditiveAttention extends Attention {

    private Variable scale;

    /** Keras's defaults: {@code use_scale=True}. */
    public AdditiveAttention() {
        super(true);
    }

    @Override
    boolean hasScoreMode() {
        return false;
    }

    @Override
    void buildScores(long dim) {
        if (usesScale()) {
            scale = addWeight("scale", new long[] {dim}, new GlorotUniform(), null, null, true);
        }
    }

    @Override
    Tensor scores(Tensor query, Tensor key) {
        Tensor t = pairwiseSum(query, key).tanh();
        return (scale == null ? t : t.mul(scale.tensor())).sum(-1);
    }
}
