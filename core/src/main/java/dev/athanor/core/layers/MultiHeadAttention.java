package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Constraint;
import dev.athanor.core.Initializer;
import dev.athanor.core.Regularizer;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.constraints.Constraints;
import dev.athanor.core.initializers.GlorotUniform;
import dev.athanor.core.initializers.Initializers;
import dev.athanor.core.initializers.Zeros;
import dev.athanor.core.regularizers.Regularizers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras 3's {@code MultiHeadAttention(num_heads, key_dim, value_dim=None, dropout=0.0,
 * use_bias=True, output_shape=None, attention_axes=None, sliding_window=None, use_gate=False,
 * kernel_initializer="glorot_uniform", bias_initializer="zeros", ..., seed=None)}
 * (keras/src/layers/attention/multi_head_attention.py, Keras 3.15). For a query {@code [B, T, dq]},
 * value {@code [B, S, dv]} and key {@code [B, S, dk]} (the value when not given):
 *
 * <pre>
 *  q = einsum("abc,cde->abde", query, query/kernel) + query/bias       [B, T, N, key_dim]
 *  k = einsum("abc,cde->abde", key, key/kernel) + key/bias             [B, S, N, key_dim]
 *  v = einsum("abc,cde->abde", value, value/kernel) + value/bias       [B, S, N, value_dim]
 *  scores = softmax_S(mask ? (q / sqrt(key_dim))·kᵀ : -1e9)           [B, N, T, S]
 *  o = dropout(scores)·v                                               [B, T, N, value_dim]
 *  o = o * sigmoid(gate(query))                                        (use_gate only)
 *  out = einsum("abcd,cde->abe", o, attention_output/kernel) + attention_output/bias
 * </pre>
 *
 * <p>Weights in Keras 3 order and shapes: {@code query/kernel [dq, N, key_dim]},
 * {@code query/bias [N, key_dim]}, {@code key/...}, ({@code gate/...}), {@code value/kernel
 * [dv, N, value_dim]}, {@code value/bias}, {@code attention_output/kernel [N, value_dim, out...]},
 * {@code attention_output/bias [out...]} where {@code out} is {@code output_shape} or {@code dq}.
 * The products run as single native matmuls over all heads and samples ({@link EinsumProjection},
 * {@link Tensor#batchMatmul}).
 *
 * <p>Inputs, as Keras's call arguments in order: {@code query, value[, key[, attention_mask]]}
 * ({@code applyAll(q, v)}, {@code applyAll(q, v, k)}, {@code applyAll(q, v, v, mask)}); the
 * attention mask is {@code [B, T, S]} (or {@code [T, S]}), non-zero where a query step may attend to
 * a key step. Keras masks of the inputs (e.g. {@code Embedding(mask_zero=True)}) are combined with
 * it as Keras does: {@code query_mask[:, :, None] & value_mask[:, None, :] & key_mask[:, None, :]},
 * the causal mask ({@link #useCausalMask}) and the sliding window. The output carries the query's
 * mask. Keras's call arguments {@code use_causal_mask} and {@code return_attention_scores} are set
 * on the layer here (they are not part of Keras's config); with {@code return_attention_scores} the
 * layer has a second output, the softmax scores {@code [B, N, T, S]} (before dropout).
 *
 * <p>A query step whose keys are all masked: Keras's fused attention path (no dropout, no returned
 * scores) gives it uniform weights; its explicit path (with either) gives it zero weights. Both are
 * followed. Supported inputs are rank 3 with attention over axis 1 (Keras's default); other
 * {@code attention_axes} and higher ranks are refused with an error.
 */
public class MultiHeadAttention extends Layer {

    private static final double LARGE_NEGATIVE = -1e9;

    private int numHeads;
    private int keyDim;
    private Integer valueDim;
    private double dropout;
    private boolean useBias = true;
    private boolean useGate;
    private long[] outputShape;
    private boolean outputShapeScalar;
    private Object attentionAxes;
    private Integer slidingWindow;
    private Long seed;
    private Initializer kernelInitializer = new GlorotUniform();
    private Initializer biasInitializer = new Zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Regularizer activityRegularizer;
    private Constraint kernelConstraint;
    private Constraint biasConstraint;
    private boolean useCausalMask;
    private boolean returnAttentionScores;

    private long[] queryShape;
    private long[] valueShape;
    private long[] keyShape;
    private EinsumProjection queryProjection;
    private EinsumProjection keyProjection;
    private EinsumProjection valueProjection;
    private EinsumProjection gateProjection;
    private EinsumProjection outputProjection;
    private final List<Variable[]> weights = new ArrayList<>();
    private Dropout dropoutLayer;

    /** For the registry; {@code num_heads} and {@code key_dim} must be configured. */
    public MultiHeadAttention() {
    }

    /** {@code numHeads} heads of size {@code keyDim}. */
    public MultiHeadAttention(int numHeads, int keyDim) {
        numHeads(numHeads);
        keyDim(keyDim);
    }

    private void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException("Layer '" + name() + "' is already built; configure it before use.");
        }
    }

    /** Number of attention heads (positive). */
    public MultiHeadAttention numHeads(int value) {
        requireUnbuilt();
        if (value <= 0) {
            throw new IllegalArgumentException("Received an invalid value for argument `num_heads`, expected a"
                    + " positive integer. Received: num_heads=" + value);
        }
        this.numHeads = value;
        return this;
    }

    /** Size of each head for query and key (positive). */
    public MultiHeadAttention keyDim(int value) {
        requireUnbuilt();
        if (value <= 0) {
            throw new IllegalArgumentException("Received an invalid value for argument `key_dim`, expected a"
                    + " positive integer. Received: key_dim=" + value);
        }
        this.keyDim = value;
        return this;
    }

    /** Size of each head for the value (null: key_dim). */
    public MultiHeadAttention valueDim(Integer value) {
        requireUnbuilt();
        if (value != null && value <= 0) {
            throw new IllegalArgumentException("Received an invalid value for argument `value_dim`, expected a"
                    + " positive integer or `None`. Received: value_dim=" + value);
        }
        this.valueDim = value;
        return this;
    }

    /** Dropout rate on the attention scores while training, in [0, 1). */
    public MultiHeadAttention dropout(double value) {
        requireUnbuilt();
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("`dropout` must be a number in [0, 1). Received: dropout=" + value);
        }
        this.dropout = value;
        return this;
    }

    /** Whether the projections have biases. */
    public MultiHeadAttention useBias(boolean value) {
        requireUnbuilt();
        this.useBias = value;
        return this;
    }

    /** Keras 3's gated attention: the output of each head times {@code sigmoid(gate(query))}. */
    public MultiHeadAttention useGate(boolean value) {
        requireUnbuilt();
        this.useGate = value;
        return this;
    }

    /** The output's feature shape (null: the query's last dimension). */
    public MultiHeadAttention outputShape(long... value) {
        requireUnbuilt();
        this.outputShape = value == null || value.length == 0 ? null : value.clone();
        this.outputShapeScalar = false;
        return this;
    }

    /** Attention axes; only Keras's default for rank-3 inputs (axis 1) is supported. */
    public MultiHeadAttention attentionAxes(int... value) {
        requireUnbuilt();
        this.attentionAxes = value == null ? null : Arrays.stream(value).boxed().toList();
        return this;
    }

    /** Restricts each query step to keys within {@code value - 1} steps (null: no window). */
    public MultiHeadAttention slidingWindow(Integer value) {
        if (value != null && value <= 0) {
            throw new IllegalArgumentException("`sliding_window` must be `None` or a positive integer. Received:"
                    + " sliding_window=" + value);
        }
        this.slidingWindow = value;
        return this;
    }

    /** Seed of the dropout generator used outside a training loop's seeded scope. */
    public MultiHeadAttention seed(Long value) {
        requireUnbuilt();
        this.seed = value;
        return this;
    }

    /** Kernel initializer of every projection (name, Keras JSON map, or object). */
    public MultiHeadAttention kernelInitializer(Object spec) {
        requireUnbuilt();
        this.kernelInitializer = spec == null ? new GlorotUniform() : Initializers.get(spec);
        return this;
    }

    /** Bias initializer of every projection. */
    public MultiHeadAttention biasInitializer(Object spec) {
        requireUnbuilt();
        this.biasInitializer = spec == null ? new Zeros() : Initializers.get(spec);
        return this;
    }

    /** Kernel regularizer of every projection (null: none). */
    public MultiHeadAttention kernelRegularizer(Object spec) {
        requireUnbuilt();
        this.kernelRegularizer = Regularizers.get(spec);
        return this;
    }

    /** Bias regularizer of every projection (null: none). */
    public MultiHeadAttention biasRegularizer(Object spec) {
        requireUnbuilt();
        this.biasRegularizer = Regularizers.get(spec);
        return this;
    }

    /** Activity regularizer of every projection's output, divided by the batch size as Keras 3 (null: none). */
    public MultiHeadAttention activityRegularizer(Object spec) {
        this.activityRegularizer = Regularizers.get(spec);
        return this;
    }

    /** Kernel constraint of every projection (null: none). */
    public MultiHeadAttention kernelConstraint(Object spec) {
        requireUnbuilt();
        this.kernelConstraint = Constraints.get(spec);
        return this;
    }

    /** Bias constraint of every projection (null: none). */
    public MultiHeadAttention biasConstraint(Object spec) {
        requireUnbuilt();
        this.biasConstraint = Constraints.get(spec);
        return this;
    }

    /** Keras's call argument {@code use_causal_mask}: query step t attends to key steps {@code <= t}. */
    public MultiHeadAttention useCausalMask(boolean value) {
        this.useCausalMask = value;
        return this;
    }

    /** Keras's call argument {@code return_attention_scores}: adds the scores as a second output. */
    public MultiHeadAttention returnAttentionScores(boolean value) {
        requireUnbuilt();
        this.returnAttentionScores = value;
        return this;
    }

    /** Heads. */
    public int numHeads() {
        return numHeads;
    }

    /** Head size for query and key. */
    public int keyDim() {
        return keyDim;
    }

    /** Head size for the value. */
    public int valueDim() {
        return valueDim == null ? keyDim : valueDim;
    }

    // ------------------------------------------------------------------ shapes

    private void checkRank(String what, long[] shape) {
        if (shape.length != 3) {
            throw new LayerShapeException("Layer '" + name() + "' (MultiHeadAttention) expects " + what
                    + " of rank 3 (batch, steps, features) but received shape " + Shapes.describe(shape)
                    + "; other ranks and attention_axes are not supported here.");
        }
    }

    @Override
    protected void checkInputShapes(List<long[]> shapes) {
        if (shapes.size() < 2 || shapes.size() > 4) {
            throw new LayerShapeException("Layer '" + name() + "' (MultiHeadAttention) takes query, value[, key[,"
                    + " attention_mask]] but received " + shapes.size() + " inputs.");
        }
        long[] q = shapes.get(0), v = shapes.get(1), k = shapes.size() > 2 ? shapes.get(2) : v;
        checkRank("the query", q);
        checkRank("the value", v);
        checkRank("the key", k);
        if (v[1] >= 0 && k[1] >= 0 && v[1] != k[1]) {
            throw new LayerShapeException("Layer '" + name() + "' (MultiHeadAttention): all dimensions of `value`"
                    + " and `key`, except the last one, must be equal. Received: value shape "
                    + Shapes.describe(v) + " and key shape " + Shapes.describe(k) + ".");
        }
        if (shapes.size() == 4) {
            long[] m = shapes.get(3);
            long[] want = {q[0], q[1], v[1]};
            boolean ok = m.length == 3 || m.length == 2;
            for (int i = 0; ok && i < m.length; i++) {
                long have = m[m.length - 1 - i], need = want[2 - i];
                ok = have == 1 || have < 0 || need < 0 || have == need;
            }
            if (!ok) {
                throw new LayerShapeException("Layer '" + name() + "' (MultiHeadAttention) expects an"
                        + " attention_mask of shape (batch, query steps, key steps) = " + Shapes.describe(want)
                        + " but received " + Shapes.describe(m) + ".");
            }
        }
        if (queryShape != null) {
            check("query", queryShape, q);
            check("value", valueShape, v);
            check("key", keyShape, k);
        }
    }

    private void check(String what, long[] built, long[] got) {
        if (built[2] != got[2]) {
            throw new LayerShapeException(name(), built, got, "MultiHeadAttention was built for a " + what
                    + " with " + built[2] + " features.");
        }
    }

    private long[] featureShape(long[] query) {
        return outputShape != null ? outputShape : new long[] {query[2]};
    }

    @Override
    protected void build(List<long[]> shapes) {
        if (numHeads <= 0 || keyDim <= 0) {
            throw new IllegalStateException("Layer '" + name() + "' needs `num_heads` and `key_dim`.");
        }
        checkAttentionAxes();
        queryShape = shapes.get(0).clone();
        valueShape = shapes.get(1).clone();
        keyShape = (shapes.size() > 2 ? shapes.get(2) : shapes.get(1)).clone();
        for (long[] s : List.of(queryShape, valueShape, keyShape)) {
            if (s[2] < 0) {
                throw new LayerShapeException("Layer '" + name() + "' (MultiHeadAttention) needs defined feature"
                        + " dimensions; received shape " + Shapes.describe(s) + ".");
            }
        }
        String bias = useBias ? "de" : null;
        long[] heads = {-1, numHeads, keyDim};
        queryProjection = EinsumProjection.resolve(name() + "/query", "abc,cde->abde", queryShape, heads, bias);
        keyProjection = EinsumProjection.resolve(name() + "/key", "abc,cde->abde", keyShape, heads, bias);
        long[] valueHeads = {-1, numHeads, valueDim()};
        addProjection("query", queryProjection);
        addProjection("key", keyProjection);
        if (useGate) {
            gateProjection = EinsumProjection.resolve(name() + "/gate", "abc,cde->abde", queryShape, valueHeads,
                    bias);
            addProjection("gate", gateProjection);
        }
        valueProjection = EinsumProjection.resolve(name() + "/value", "abc,cde->abde", valueShape, valueHeads, bias);
        addProjection("value", valueProjection);
        long[] out = featureShape(queryShape);
        StringBuilder outLetters = new StringBuilder();
        long[] partial = new long[1 + out.length];
        partial[0] = -1;
        for (int i = 0; i < out.length; i++) {
            outLetters.append((char) ('e' + i));
            partial[1 + i] = out[i];
        }
        outputProjection = EinsumProjection.resolve(name() + "/attention_output", "abcd,cd" + outLetters + "->ab"
                + outLetters, new long[] {-1, queryShape[1], numHeads, valueDim()}, partial,
                useBias ? outLetters.toString() : null);
        addProjection("attention_output", outputProjection);
        dropoutLayer = new Dropout(dropout).seed(seed).name(name() + "_attention_dropout");
    }

    private void addProjection(String prefix, EinsumProjection p) {
        Variable kernel = addWeight(prefix + "/kernel", p.kernelShape(), kernelInitializer, kernelRegularizer,
                kernelConstraint, true);
        Variable bias = p.biasShape() == null ? null
                : addWeight(prefix + "/bias", p.biasShape(), biasInitializer, biasRegularizer, biasConstraint, true);
        weights.add(new Variable[] {kernel, bias});
    }

    private void checkAttentionAxes() {
        if (attentionAxes == null) {
            return;
        }
        List<?> axes = attentionAxes instanceof List<?> l ? l : List.of(attentionAxes);
        // Keras normalizes a negative axis against the projected rank minus one (3 for rank-3 inputs).
        if (axes.size() != 1 || !(axes.get(0) instanceof Number n) || (n.intValue() < 0 ? n.intValue() + 3 : n.intValue()) != 1) {
            throw new IllegalArgumentException("Layer '" + name() + "' (MultiHeadAttention): attention_axes="
                    + attentionAxes + " is not supported; only attention over the steps axis (1) of rank-3 inputs.");
        }
    }

    @Override
    public List<long[]> computeOutputShape(List<long[]> shapes) {
        long[] q = shapes.get(0);
        long[] f = featureShape(q);
        long[] out = new long[2 + f.length];
        out[0] = q[0];
        out[1] = q[1];
        System.arraycopy(f, 0, out, 2, f.length);
        if (!returnAttentionScores) {
            return List.of(out);
        }
        long s = shapes.get(1)[1];
        return List.of(out, new long[] {q[0], numHeads, q[1], s});
    }

    // ------------------------------------------------------------------ masks

    /** The output carries the query's mask (Keras 3); the scores carry none. */
    @Override
    public List<INDArray> computeMask(List<Tensor> inputs, List<INDArray> inputMasks) {
        if (inputMasks == null || inputMasks.isEmpty() || inputMasks.get(0) == null) {
            return List.of();
        }
        return Collections.singletonList(inputMasks.get(0));
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    /** Keras's {@code _compute_attention_mask}: a [B, T, S] 0/1 array, or null when nothing is masked. */
    private INDArray attentionMask(List<Tensor> inputs, List<INDArray> masks) {
        long b = inputs.get(0).shape()[0], t = inputs.get(0).shape()[1], s = inputs.get(1).shape()[1];
        long[] full = {b, t, s};
        INDArray m = null;
        INDArray qm = maskAt(masks, 0), vm = maskAt(masks, 1), km = inputs.size() > 2 ? maskAt(masks, 2) : null;
        if (qm != null) {
            m = and(m, qm.reshape(b, t, 1), full);
        }
        if (vm != null) {
            m = and(m, vm.reshape(b, 1, s), full);
        }
        if (km != null) {
            m = and(m, km.reshape(b, 1, s), full);
        }
        if (useCausalMask || slidingWindow != null) {
            double[] band = new double[Math.toIntExact(t * s)];
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < s; j++) {
                    boolean ok = (!useCausalMask || i >= j) && (slidingWindow == null || Math.abs(i - j) < slidingWindow);
                    band[i * (int) s + j] = ok ? 1 : 0;
                }
            }
            m = and(m, Nd4j.create(band, new long[] {1, t, s}, 'c'), full);
        }
        if (inputs.size() == 4) {
            INDArray a = inputs.get(3).value().neq(0);
            m = and(m, a.rank() == 2 ? a.reshape(1, a.size(0), a.size(1)) : a, full);
        }
        return m;
    }

    private static INDArray maskAt(List<INDArray> masks, int i) {
        return masks == null || masks.size() <= i ? null : masks.get(i);
    }

    /** {@code acc & mask}, the mask broadcast to {@code full} (acc is null or already full). */
    private static INDArray and(INDArray acc, INDArray mask, long[] full) {
        INDArray wide = mask.castTo(Nd4j.defaultFloatingPointType()).broadcast(full);
        return acc == null ? wide.dup('c') : acc.muli(wide);
    }

    // ------------------------------------------------------------------ forward

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        return call(inputs, null, training);
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, List<INDArray> masks, boolean training) {
        Tensor query = inputs.get(0), value = inputs.get(1), key = inputs.size() > 2 ? inputs.get(2) : value;
        INDArray mask = attentionMask(inputs, masks);
        Tensor q = project(0, queryProjection, query);
        Tensor k = project(1, keyProjection, key);
        int next = 2;
        Tensor gate = null;
        if (useGate) {
            gate = project(next++, gateProjection, query).sigmoid();
        }
        Tensor v = project(next++, valueProjection, value);
        // [B, T, N, H] -> [B, N, T, H]: one copy each, then all heads and samples in one matmul.
        Tensor qh = q.mul(scale()).permute(0, 2, 1, 3);
        Tensor kh = k.permute(0, 2, 1, 3);
        Tensor vh = v.permute(0, 2, 1, 3);
        Tensor logits = qh.batchMatmul(kh, false, true);
        Tensor maskT = null;
        if (mask != null) {
            INDArray m4 = mask.reshape(mask.size(0), 1, mask.size(1), mask.size(2)).castTo(logits.value().dataType());
            maskT = Tensor.of(m4);
            logits = logits.mul(maskT).add(Tensor.of(m4.rsub(1.0).muli(LARGE_NEGATIVE)));
        }
        Tensor scores = logits.softmax(-1);
        boolean explicitPath = dropout > 0 || returnAttentionScores;
        if (maskT != null && explicitPath) {
            // Keras's Softmax(mask) zeroes masked weights (rows with every key masked become all zero).
            scores = scores.mul(maskT);
        }
        Tensor weightsUsed = training && dropout > 0 ? dropoutLayer.call(scores, true) : scores;
        Tensor o = weightsUsed.batchMatmul(vh, false, false).permute(0, 2, 1, 3);
        if (gate != null) {
            o = o.mul(gate);
        }
        Tensor out = project(next, outputProjection, o);
        return returnAttentionScores ? List.of(out, scores) : List.of(out);
    }

    /**
     * {@code 1 / sqrt(key_dim)} rounded to float32, as Keras computes it ({@code ops.cast} of a Python
     * float goes through a float32 constant), so float64 results agree with Keras to the last bits.
     */
    private double scale() {
        return (float) (1.0 / Math.sqrt(keyDim));
    }

    private Tensor project(int index, EinsumProjection p, Tensor x) {
        Variable[] w = weights.get(index);
        Tensor y = p.apply(x, w[0].tensor(), w[1] == null ? null : w[1].tensor());
        if (activityRegularizer != null) {
            addLoss(activityRegularizer.penalty(y).div((double) x.shape()[0]));
        }
        return y;
    }

    // ------------------------------------------------------------------ config

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("num_heads", numHeads);
        c.put("key_dim", keyDim);
        c.put("value_dim", valueDim());
        c.put("dropout", dropout);
        c.put("use_bias", useBias);
        c.put("use_gate", useGate);
        if (outputShape == null) {
            c.put("output_shape", null);
        } else if (outputShapeScalar) {
            c.put("output_shape", outputShape[0]);
        } else {
            c.put("output_shape", Arrays.stream(outputShape).boxed().toList());
        }
        c.put("attention_axes", attentionAxes);
        c.put("sliding_window", slidingWindow);
        c.put("kernel_initializer", Initializers.serialize(kernelInitializer));
        c.put("bias_initializer", Initializers.serialize(biasInitializer));
        c.put("kernel_regularizer", Regularizers.serialize(kernelRegularizer));
        c.put("bias_regularizer", Regularizers.serialize(biasRegularizer));
        c.put("activity_regularizer", Regularizers.serialize(activityRegularizer));
        c.put("kernel_constraint", Constraints.serialize(kernelConstraint));
        c.put("bias_constraint", Constraints.serialize(biasConstraint));
        c.put("seed", seed);
    }

    @Override
    protected void readConfig(Config c) {
        if (!c.has("num_heads") || !c.has("key_dim")) {
            throw new IllegalArgumentException("The config of MultiHeadAttention needs 'num_heads' and 'key_dim'.");
        }
        numHeads(c.getInt("num_heads", 0));
        keyDim(c.getInt("key_dim", 0));
        Object vd = c.get("value_dim");
        valueDim(vd == null ? null : c.getInt("value_dim", 0));
        dropout(c.getDouble("dropout", 0.0));
        useBias(c.getBoolean("use_bias", true));
        useGate(c.getBoolean("use_gate", false));
        Object os = c.get("output_shape");
        if (os instanceof Number n) {
            outputShape(n.longValue());
            outputShapeScalar = true;
        } else if (os != null) {
            outputShape(c.getShape("output_shape"));
        }
        Object axes = c.get("attention_axes");
        if (axes instanceof Number n) {
            attentionAxes = n.intValue();
        } else if (axes instanceof List<?> l && l.stream().allMatch(o -> o instanceof Number)) {
            attentionAxes = l.stream().map(o -> ((Number) o).intValue()).toList();
        } else if (axes != null) {
            throw new IllegalArgumentException("Config key 'attention_axes' of MultiHeadAttention must be an"
                    + " integer, a list of integers or null. Received: attention_axes=" + axes);
        }
        checkAttentionAxes();
        Object sw = c.get("sliding_window");
        slidingWindow(sw == null ? null : c.getInt("sliding_window", 0));
        kernelInitializer = LayerSpecs.initializer(c, "kernel_initializer", new GlorotUniform());
        biasInitializer = LayerSpecs.initializer(c, "bias_initializer", new Zeros());
        kernelRegularizer = LayerSpecs.regularizer(c, "kernel_regularizer");
        biasRegularizer = LayerSpecs.regularizer(c, "bias_regularizer");
        activityRegularizer = LayerSpecs.regularizer(c, "activity_regularizer");
        kernelConstraint = LayerSpecs.constraint(c, "kernel_constraint");
        biasConstraint = LayerSpecs.constraint(c, "bias_constraint");
        Object s = c.get("seed");
        seed(s == null ? null : c.getLong("seed", 0));
        // Keras's flash_attention only selects a kernel; the values are the same.
        c.ignore("flash_attention");
    }
}
