package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.initializers.Ones;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras 3's dot-product (Luong) attention {@code Attention(use_scale=False, score_mode="dot",
 * dropout=0.0, seed=None)} (keras/src/layers/attention/attention.py). Inputs {@code query [B, Tq, d]},
 * {@code value [B, Tv, dv]} and optionally {@code key [B, Tv, d]} (the value when not given):
 *
 * <pre>
 *  dot:     scores = scale · query·keyᵀ                                 [B, Tq, Tv]
 *  concat:  scores = concat_score_weight · sum_d tanh(scale · (q_i + k_j))
 *  weights = softmax_Tv(scores - 1e9 · (1 - mask))      mask = value_mask &amp; causal
 *  output  = dropout(weights)·value · query_mask                          [B, Tq, dv]
 * </pre>
 *
 * <p>Weights, Keras order: {@code scale} (scalar, ones; with {@code use_scale}), then
 * {@code concat_score_weight} (scalar, ones; with {@code score_mode="concat"}). Keras's call
 * arguments {@code use_causal_mask} and {@code return_attention_scores} are layer setters here;
 * the returned scores are the weights after dropout, as Keras returns them. The output carries the
 * query's mask. Inputs must be rank 3.
 */
public class Attention extends Layer {

    private boolean useScale;
    private String scoreMode = "dot";
    private double dropout;
    private Long seed;
    private boolean useCausalMask;
    private boolean returnAttentionScores;
    private Variable scale;
    private Variable concatScoreWeight;
    private Dropout dropoutLayer;

    /** Keras's defaults (AdditiveAttention changes {@code use_scale}). */
    public Attention() {
    }

    Attention(boolean useScale) {
        this.useScale = useScale;
    }

    private void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException("Layer '" + name() + "' is already built; configure it before use.");
        }
    }

    /** Whether to learn a scale of the scores. */
    public Attention useScale(boolean value) {
        requireUnbuilt();
        this.useScale = value;
        return this;
    }

    /** {@code "dot"} or {@code "concat"}. */
    public Attention scoreMode(String value) {
        requireUnbuilt();
        if (!"dot".equals(value) && !"concat".equals(value)) {
            throw new IllegalArgumentException("Invalid value for argument score_mode. Expected one of {'dot',"
                    + " 'concat'}. Received: score_mode=" + value);
        }
        this.scoreMode = value;
        return this;
    }

    /** Dropout on the attention weights while training, in [0, 1). */
    public Attention dropout(double value) {
        requireUnbuilt();
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("`dropout` must be a number in [0, 1). Received: dropout=" + value);
        }
        this.dropout = value;
        return this;
    }

    /** Seed of the dropout generator used outside a training loop's seeded scope. */
    public Attention seed(Long value) {
        requireUnbuilt();
        this.seed = value;
        return this;
    }

    /** Keras's call argument {@code use_causal_mask}. */
    public Attention useCausalMask(boolean value) {
        this.useCausalMask = value;
        return this;
    }

    /** Keras's call argument {@code return_attention_scores}: the weights become a second output. */
    public Attention returnAttentionScores(boolean value) {
        requireUnbuilt();
        this.returnAttentionScores = value;
        return this;
    }

    /** The registry name's score rule has its own options (AdditiveAttention has no score_mode). */
    boolean hasScoreMode() {
        return true;
    }

    @Override
    protected void checkInputShapes(List<long[]> shapes) {
        if (shapes.size() < 2 || shapes.size() > 3) {
            throw new LayerShapeException("Layer '" + name() + "' (" + registryName() + ") takes [query, value] or"
                    + " [query, value, key] but received " + shapes.size() + " inputs.");
        }
        long[] q = shapes.get(0), v = shapes.get(1), k = shapes.size() > 2 ? shapes.get(2) : v;
        for (long[] s : shapes) {
            if (s.length != 3) {
                throw new LayerShapeException("Layer '" + name() + "' (" + registryName() + ") expects inputs of"
                        + " rank 3 (batch, steps, features) but received " + describe(shapes) + ".");
            }
        }
        if (q[2] >= 0 && k[2] >= 0 && q[2] != k[2] || v[1] >= 0 && k[1] >= 0 && v[1] != k[1]) {
            throw new LayerShapeException("Layer '" + name() + "' (" + registryName() + ") needs query and key with"
                    + " the same features and key and value with the same steps; received query "
                    + Shapes.describe(q) + ", value " + Shapes.describe(v) + ", key " + Shapes.describe(k) + ".");
        }
    }

    @Override
    protected void build(List<long[]> shapes) {
        buildScores(shapes.get(0)[2]);
        dropoutLayer = new Dropout(dropout).seed(seed).name(name() + "_attention_dropout");
    }

    /** Creates the score weights for query features {@code dim}. */
    void buildScores(long dim) {
        if (useScale) {
            scale = addWeight("scale", new long[0], new Ones(), null, null, true);
        }
        if ("concat".equals(scoreMode)) {
            concatScoreWeight = addWeight("concat_score_weight", new long[0], new Ones(), null, null, true);
        }
    }

    /** Whether {@code use_scale} is set. */
    boolean usesScale() {
        return useScale;
    }

    /** Scores {@code [B, Tq, Tv]} from query {@code [B, Tq, d]} and key {@code [B, Tv, d]}. */
    Tensor scores(Tensor query, Tensor key) {
        if ("dot".equals(scoreMode)) {
            Tensor s = query.batchMatmul(key, false, true);
            return scale == null ? s : s.mul(scale.tensor());
        }
        Tensor sum = pairwiseSum(query, key);
        if (scale != null) {
            sum = sum.mul(scale.tensor());
        }
        return sum.tanh().sum(-1).mul(concatScoreWeight.tensor());
    }

    /** {@code q[:, :, None, :] + k[:, None, :, :]}: {@code [B, Tq, Tv, d]}. */
    static Tensor pairwiseSum(Tensor query, Tensor key) {
        long[] q = query.shape(), k = key.shape();
        return query.reshape(q[0], q[1], 1, q[2]).add(key.reshape(k[0], 1, k[1], k[2]));
    }

    @Override
    public List<long[]> computeOutputShape(List<long[]> shapes) {
        long[] q = shapes.get(0), v = shapes.get(1), k = shapes.size() > 2 ? shapes.get(2) : v;
        long[] out = {q[0], q[1], v[2]};
        return returnAttentionScores ? List.of(out, new long[] {q[0], q[1], k[1]}) : List.of(out);
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    /** The query's mask (Keras's {@code compute_mask}). */
    @Override
    public List<INDArray> computeMask(List<Tensor> inputs, List<INDArray> inputMasks) {
        if (inputMasks == null || inputMasks.isEmpty() || inputMasks.get(0) == null) {
            return List.of();
        }
        return Collections.singletonList(inputMasks.get(0));
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        return call(inputs, null, training);
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, List<INDArray> masks, boolean training) {
        Tensor q = inputs.get(0), v = inputs.get(1), k = inputs.size() > 2 ? inputs.get(2) : v;
        Tensor s = scores(q, k);
        long b = s.shape()[0], tq = s.shape()[1], tv = s.shape()[2];
        INDArray qMask = masks == null ? null : masks.get(0);
        INDArray vMask = masks == null || masks.size() < 2 ? null : masks.get(1);
        INDArray keep = null;
        if (vMask != null) {
            keep = vMask.castTo(s.value().dataType()).reshape(b, 1, tv).broadcast(b, tq, tv).dup('c');
        }
        if (useCausalMask) {
            INDArray causal = Nd4j.ones(s.value().dataType(), tq, tv);
            for (int i = 0; i < tq; i++) {
                for (int j = i + 1; j < tv; j++) {
                    causal.putScalar(i, j, 0);
                }
            }
            INDArray wide = causal.reshape(1, tq, tv).broadcast(b, tq, tv);
            keep = keep == null ? wide.dup('c') : keep.muli(wide);
        }
        if (keep != null) {
            // Keras: where(padding, scores - 1e9, scores).
            s = s.sub(Tensor.of(keep.rsub(1.0).muli(1e9)));
        }
        Tensor weights = s.softmax(-1);
        if (training && dropout > 0) {
            weights = dropoutLayer.call(weights, true);
        }
        Tensor out = weights.batchMatmul(v, false, false);
        if (qMask != null) {
            out = out.mul(Tensor.of(qMask.castTo(out.value().dataType()).reshape(b, tq, 1)));
        }
        return returnAttentionScores ? List.of(out, weights) : List.of(out);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("use_scale", useScale);
        if (hasScoreMode()) {
            c.put("score_mode", scoreMode);
        }
        c.put("dropout", dropout);
        c.put("seed", seed);
    }

    @Override
    protected void readConfig(Config c) {
        useScale(c.getBoolean("use_scale", useScale));
        if (hasScoreMode()) {
            scoreMode(c.getString("score_mode", "dot"));
        }
        dropout(c.getDouble("dropout", 0.0));
        Object s = c.get("seed");
        seed(s == null ? null : c.getLong("seed", 0));
    }
}
