package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras 3's {@code CategoryEncoding(num_tokens, output_mode="multi_hot", sparse=False)}
 * (keras/src/layers/preprocessing/category_encoding.py): integer ids in {@code [0, num_tokens)} become
 * dense encodings of {@code num_tokens} columns.
 *
 * <ul>
 *   <li>{@code one_hot}: each id becomes a one-hot row; ids {@code [B]} or {@code [B, 1]} give
 *       {@code [B, N]}, ids {@code [B, T]} give {@code [B, T, N]} (a last axis of size 1 is dropped first,
 *       as Keras does).</li>
 *   <li>{@code multi_hot} ({@code "binary"} is read as this): ids {@code [B, T]} give {@code [B, N]},
 *       1 where the id occurs in the sample.</li>
 *   <li>{@code count}: as multi_hot with the number of occurrences; with Keras's {@code count_weights}
 *       (the layer's optional second input, {@code applyAll(ids, weights)}, shaped like the ids) the sum
 *       of the weights of each id's occurrences, differentiable in the weights.</li>
 * </ul>
 *
 * <p>Refused with an error: {@code sparse=True} (Athanor has no sparse tensors), ids that are not
 * integers or lie outside {@code [0, num_tokens)} (Keras's documented contract; some Keras backends
 * silently drop such ids instead), multi_hot/count inputs other than {@code [B, T]} (Keras 3 computes
 * those ranks inconsistently across backends), and {@code count_weights} in the other modes. The ids are
 * data, not differentiable; no Keras mask passes through (as in Keras).
 */
public class CategoryEncoding extends Layer {

    private long numTokens = -1;
    private String outputMode = "multi_hot";

    /** For the registry: {@code num_tokens} comes from the config. */
    public CategoryEncoding() {
    }

    /** Keras's {@code CategoryEncoding(num_tokens)}, multi_hot. */
    public CategoryEncoding(long numTokens) {
        numTokens(numTokens);
    }

    /** The number of distinct ids (>= 1). */
    public CategoryEncoding numTokens(long value) {
        if (value < 1) {
            throw new IllegalArgumentException("`num_tokens` must be >= 1. Received: num_tokens=" + value + ".");
        }
        this.numTokens = value;
        return this;
    }

    /** {@code "one_hot"}, {@code "multi_hot"} ({@code "binary"}) or {@code "count"}. */
    public CategoryEncoding outputMode(String mode) {
        String m = mode == null ? "" : mode.toLowerCase(Locale.ROOT);
        if (m.equals("binary")) {
            m = "multi_hot";
        }
        if (!List.of("one_hot", "multi_hot", "count").contains(m)) {
            throw new IllegalArgumentException("Unknown arg for output_mode: " + mode + ". Known: one_hot, multi_hot"
                    + " (or binary), count.");
        }
        this.outputMode = m;
        return this;
    }

    /** Keras's {@code sparse}: only {@code false} is supported. */
    public CategoryEncoding sparse(boolean value) {
        if (value) {
            throw new IllegalArgumentException("CategoryEncoding layer '" + name() + "': sparse=True is not supported;"
                    + " Athanor has no sparse tensors. Use sparse=False (dense output of num_tokens columns).");
        }
        return this;
    }

    @Override
    protected void checkInputShapes(List<long[]> shapes) {
        if (numTokens < 1) {
            throw new IllegalStateException("CategoryEncoding layer '" + name() + "' needs `num_tokens`: new"
                    + " CategoryEncoding(10), or the IntegerLookup approach when the number is not known.");
        }
        if (shapes.size() > 2) {
            throw new LayerShapeException("Layer '" + name() + "' (CategoryEncoding) takes the ids and optionally"
                    + " count_weights, but received " + shapes.size() + " inputs.");
        }
        long[] s = shapes.get(0);
        if (s.length == 0) {
            throw new LayerShapeException("Layer '" + name() + "' (CategoryEncoding) needs ids with a batch axis;"
                    + " received a scalar.");
        }
        if (!outputMode.equals("one_hot") && s.length != 2) {
            throw new LayerShapeException("Layer '" + name() + "' (CategoryEncoding, " + outputMode + ") takes ids of"
                    + " shape [batch, tokens] but received " + Shapes.describe(s) + "." + (s.length == 1
                    ? " Reshape them to [batch, 1] for one id per sample." : " Keras supports only rank-2 ids here."));
        }
        if (shapes.size() == 2) {
            if (!outputMode.equals("count")) {
                throw new IllegalArgumentException("Layer '" + name() + "' (CategoryEncoding): `count_weights` is"
                        + " not used when `output_mode` is not 'count'. Received output_mode='" + outputMode + "'.");
            }
            if (!compatible(s, shapes.get(1))) {
                throw new LayerShapeException(name(), s, shapes.get(1), "CategoryEncoding's count_weights must have"
                        + " the ids' shape.");
            }
        }
    }

    private static boolean compatible(long[] a, long[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] >= 0 && b[i] >= 0 && a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<long[]> computeOutputShape(List<long[]> inputShapes) {
        long[] s = inputShapes.get(0);
        if (outputMode.equals("one_hot")) {
            long[] kept = s.length > 1 && s[s.length - 1] == 1 ? Arrays.copyOf(s, s.length - 1) : s;
            long[] out = Arrays.copyOf(kept, kept.length + 1);
            out[kept.length] = numTokens;
            return List.of(out);
        }
        return List.of(new long[] {s[0], numTokens});
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        INDArray ids = inputs.get(0).value();
        long[] s = ids.shape();
        DataType dt = inputs.size() == 2 ? inputs.get(1).value().dataType() : Nd4j.defaultFloatingPointType();
        INDArray oneHot = oneHot(ids, dt);                                      // [n, N], n = number of ids
        if (outputMode.equals("one_hot")) {
            long[] out = computeOutputShape(List.of(s)).get(0);
            out[0] = s[0];
            return List.of(Tensor.of(oneHot.reshape(out)));
        }
        INDArray perSample = oneHot.reshape(s[0], s[1], numTokens);
        if (outputMode.equals("multi_hot")) {
            return List.of(Tensor.of(perSample.max(1)));
        }
        if (inputs.size() == 1) {
            return List.of(Tensor.of(perSample.sum(1)));
        }
        Tensor weights = inputs.get(1).reshape(s[0], s[1], 1);
        return List.of(weights.mul(Tensor.of(perSample)).sum(1));
    }

    /** One row per id (C order), after checking every id is an integer in range. */
    private INDArray oneHot(INDArray ids, DataType dt) {
        double[] v = ids.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int n = Math.toIntExact(numTokens);
        double[] out = new double[Math.multiplyExact(v.length, n)];
        for (int i = 0; i < v.length; i++) {
            double id = v[i];
            if (!(id >= 0 && id < numTokens) || id != Math.rint(id)) {
                throw new IllegalArgumentException("Layer '" + name() + "' (CategoryEncoding): every id must be an"
                        + " integer in [0, num_tokens) = [0, " + numTokens + "). Received " + id + " (flat index " + i
                        + " of ids of shape " + Arrays.toString(ids.shape()) + ").");
            }
            out[i * n + (int) id] = 1;
        }
        return Nd4j.create(out, new long[] {v.length, n}, 'c').castTo(dt);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("num_tokens", numTokens < 1 ? null : numTokens);
        c.put("output_mode", outputMode);
    }

    @Override
    protected void readConfig(Config c) {
        Object n = c.get("num_tokens");
        if (!(n instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue())) {
            throw new IllegalArgumentException("CategoryEncoding config needs an integer `num_tokens` (the IntegerLookup"
                    + " layer, which Athanor does not have, covers an unknown number). Received: num_tokens=" + n);
        }
        numTokens(num.longValue());
        outputMode(c.getString("output_mode", "multi_hot"));
        sparse(c.getBoolean("sparse", false));
    }
}
