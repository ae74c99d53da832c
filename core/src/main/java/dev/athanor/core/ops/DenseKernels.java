package dev.athanor.core.ops;

import dev.athanor.core.Internal;

import java.nio.FloatBuffer;

/**
 * The element-wise passes of a planned Dense step, in Java over float32 memory that the caller
 * owns (row-major {@code [rows, cols]} starting at index 0 of each buffer). Each replaces one or
 * more ND4J ops that would each cost a JNI call and, eagerly, a fresh result buffer (the W2 profile
 * spent 40 % of its time allocating those): the bias add and the activation are one pass, the
 * ReLU gradient is one pass in place, and softmax with its crossentropy and gradient is one pass
 * per row.
 *
 * <p>The arithmetic is the eager ops' own: the bias is added in float then ReLU applied (as
 * {@code addiRowVector} then {@code relu}); the crossentropy is {@link CrossentropyOps}' double
 * formula, so a planned and an eager step agree to float rounding.
 */
@Internal
public final class DenseKernels {

    private DenseKernels() {
    }

    /** {@code z[r, j] = act(z[r, j] + bias[j])} in place; {@code bias} may be null, {@code relu} false is linear. */
    public static void biasActivation(FloatBuffer z, int rows, int cols, FloatBuffer bias, boolean relu) {
        if (bias == null && !relu) {
            return;
        }
        float[] b = new float[cols];
        if (bias != null) {
            bias.get(0, b, 0, cols);
        }
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            z.get(o, row, 0, cols);
            if (relu) {
                for (int j = 0; j < cols; j++) {
                    float v = row[j] + b[j];
                    row[j] = v > 0f ? v : 0f;
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    row[j] += b[j];
                }
            }
            z.put(o, row, 0, cols);
        }
    }

    /**
     * ReLU's gradient in place: {@code g[i] = out[i] > 0 ? g[i] : 0}, with {@code out} the layer's
     * output ({@code relu(z) > 0} exactly where {@code z > 0}).
     */
    public static void reluBackward(FloatBuffer g, FloatBuffer out, int rows, int cols) {
        float[] gr = new float[cols];
        float[] or = new float[cols];
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            g.get(o, gr, 0, cols);
            out.get(o, or, 0, cols);
            for (int j = 0; j < cols; j++) {
                if (!(or[j] > 0f)) {
                    gr[j] = 0f;
                }
            }
            g.put(o, gr, 0, cols);
        }
    }

    /** {@code sums[j] = sum over r of g[r, j]}, accumulated in float in row order (as ND4J's column sum). */
    public static void columnSums(FloatBuffer g, int rows, int cols, FloatBuffer sums) {
        float[] acc = new float[cols];
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            g.get(r * cols, row, 0, cols);
            for (int j = 0; j < cols; j++) {
                acc[j] += row[j];
            }
        }
        sums.put(0, acc, 0, cols);
    }

    /**
     * Softmax crossentropy on logits {@code z} with targets {@code y} (both {@code [rows, cols]}),
     * per {@link CrossentropyOps#softmaxCrossentropy}: when {@code writeProbabilities}, replaces
     * {@code z} by the probabilities (the output of a softmax layer; else {@code z} stays the
     * logits, the output of a linear layer trained {@code from_logits}) and, when {@code grad} is non-null, {@code scale · (p · sum(y) - y)} into
     * {@code grad}. Returns the per-row losses added up (each rounded to float first, as the eager
     * per-sample loss is a float32 array).
     */
    public static double softmaxCrossentropy(FloatBuffer z, FloatBuffer y, int rows, int cols, FloatBuffer grad,
                                             double scale, boolean writeProbabilities) {
        float[] zr = new float[cols];
        float[] yr = new float[cols];
        float[] gr = new float[cols];
        double[] logp = new double[cols];
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            z.get(o, zr, 0, cols);
            y.get(o, yr, 0, cols);
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, zr[j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(zr[j] - max);
            }
            double lse = max + Math.log(sum);
            double l = 0;
            double sumY = 0;
            for (int j = 0; j < cols; j++) {
                logp[j] = zr[j] - lse;
                l -= yr[j] * logp[j];
                sumY += yr[j];
            }
            total += (float) l;
            for (int j = 0; j < cols; j++) {
                double p = Math.exp(logp[j]);
                gr[j] = (float) (scale * (p * sumY - yr[j]));
                zr[j] = (float) p;
            }
            if (writeProbabilities) {
                z.put(o, zr, 0, cols);
            }
            if (grad != null) {
                grad.put(o, gr, 0, cols);
            }
        }
        return total;
    }

    /** Row-wise softmax of {@code z} in place, in double per row (the output of a planned predict). */
    public static void softmax(FloatBuffer z, int rows, int cols) {
        float[] zr = new float[cols];
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            z.get(o, zr, 0, cols);
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, zr[j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(zr[j] - max);
            }
            double lse = max + Math.log(sum);
            for (int j = 0; j < cols; j++) {
                zr[j] = (float) Math.exp(zr[j] - lse);
            }
            z.put(o, zr, 0, cols);
        }
    }
}
