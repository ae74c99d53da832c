package dev.athanor.core.ops;

import dev.athanor.core.Internal;

import java.nio.FloatBuffer;
import java.util.Random;

/**
 * The element-wise passes of a planned Dense step, in Java over float32 memory that the caller
 * owns (row-major {@code [rows, cols]} starting at index 0 of each buffer). Each replaces one or
 * more ND4J ops that would each cost a JNI call and, eagerly, a fresh result buffer (the W2 profile
 * spent 40 % of its time allocating those): the bias add and the activation are one pass, an
 * activation's gradient is one pass in place, dropout is one pass, and each loss with its
 * gradient is one pass per row.
 *
 * <p>The arithmetic is the eager ops' own: the bias is added in float then the activation applied
 * (as {@code addiRowVector} then the activation op, {@link PlannedActivation}); dropout draws its
 * mask from the same {@link Random} in the same order as the {@code Dropout} layer; the
 * crossentropies are {@link CrossentropyOps}' double formulas; so a planned and an eager step
 * agree to float rounding.
 *
 * <p>Losses take per-row weights {@code w} (null: all 1) and {@code scale}, the derivative of the
 * reduced loss with respect to a weighted per-sample loss (Keras's SUM_OVER_BATCH_SIZE: the float32
 * {@code 1 / rows}); each returns the weighted per-row losses added up (each rounded to float first,
 * as the eager per-sample losses are a float32 array) and, when {@code grad} is non-null, writes the
 * gradient with respect to the loss's input (logits or the model's output).
 */
@Internal
public final class DenseKernels {

    private DenseKernels() {
    }

    /** {@code z[r, j] = act(z[r, j] + bias[j])} in place; {@code bias} may be null. */
    public static void biasActivation(FloatBuffer z, int rows, int cols, FloatBuffer bias, PlannedActivation act) {
        if (bias == null && act == PlannedActivation.LINEAR) {
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
            for (int j = 0; j < cols; j++) {
                row[j] += b[j];
            }
            switch (act) {
                case RELU -> {
                    for (int j = 0; j < cols; j++) {
                        row[j] = row[j] > 0f ? row[j] : 0f;
                    }
                }
                case SIGMOID, TANH -> {
                    for (int j = 0; j < cols; j++) {
                        row[j] = act.apply(row[j]);
                    }
                }
                default -> {
                }
            }
            z.put(o, row, 0, cols);
        }
    }

    /**
     * An activation's gradient in place: {@code g} holds the gradient with respect to the output
     * {@code y} and becomes the gradient with respect to the pre-activation.
     */
    public static void activationBackward(FloatBuffer g, FloatBuffer y, int rows, int cols, PlannedActivation act) {
        if (act == PlannedActivation.LINEAR) {
            return;
        }
        float[] gr = new float[cols];
        float[] yr = new float[cols];
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            g.get(o, gr, 0, cols);
            y.get(o, yr, 0, cols);
            switch (act) {
                case RELU -> {
                    for (int j = 0; j < cols; j++) {
                        if (!(yr[j] > 0f)) {
                            gr[j] = 0f;
                        }
                    }
                }
                case SIGMOID -> {
                    for (int j = 0; j < cols; j++) {
                        gr[j] = gr[j] * yr[j] * (1f - yr[j]);
                    }
                }
                case TANH -> {
                    for (int j = 0; j < cols; j++) {
                        gr[j] = gr[j] * (1f - yr[j] * yr[j]);
                    }
                }
                default -> {
                }
            }
            g.put(o, gr, 0, cols);
        }
    }

    /**
     * Inverted dropout as the {@code Dropout} layer draws it: for each element in row-major order
     * one {@code random.nextDouble()}, kept (times {@code 1 / (1 - rate)} rounded to float) when it
     * is {@code >= rate}; the mask goes to {@code mask}, {@code in · mask} to {@code out}.
     */
    public static void dropout(FloatBuffer in, FloatBuffer out, FloatBuffer mask, int rows, int cols, double rate,
                               Random random) {
        float keep = (float) (1.0 / (1.0 - rate));
        float[] m = new float[cols];
        float[] row = new float[cols];
        synchronized (random) {
            for (int r = 0; r < rows; r++) {
                int o = r * cols;
                for (int j = 0; j < cols; j++) {
                    m[j] = random.nextDouble() >= rate ? keep : 0f;
                }
                in.get(o, row, 0, cols);
                for (int j = 0; j < cols; j++) {
                    row[j] *= m[j];
                }
                mask.put(o, m, 0, cols);
                out.put(o, row, 0, cols);
            }
        }
    }

    /** {@code g *= mask} element-wise (dropout's gradient), in place. */
    public static void multiply(FloatBuffer g, FloatBuffer mask, int rows, int cols) {
        float[] gr = new float[cols];
        float[] mr = new float[cols];
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            g.get(o, gr, 0, cols);
            mask.get(o, mr, 0, cols);
            for (int j = 0; j < cols; j++) {
                gr[j] *= mr[j];
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

    /** The float32 scale of row {@code r}'s gradient: {@code scale · w[r]} as the eager float product. */
    private static double rowScale(double scale, float[] w, int r) {
        return w == null ? scale : (float) ((float) scale * w[r]);
    }

    /** Row {@code r}'s per-sample loss, weighted as the eager float32 product. */
    private static double weighted(double l, float[] w, int r) {
        return w == null ? (float) l : (float) ((float) l * w[r]);
    }

    /**
     * Softmax crossentropy on logits {@code z} with targets {@code y} (both {@code [rows, cols]}),
     * per {@link CrossentropyOps#softmaxCrossentropy}: when {@code writeProbabilities}, replaces
     * {@code z} by the probabilities (the output of a softmax layer; else {@code z} stays the
     * logits, the output of a linear layer trained {@code from_logits}); the gradient with respect to
     * the logits is {@code scale_r · (p · sum(y) - y)}.
     */
    public static double softmaxCrossentropy(FloatBuffer z, FloatBuffer y, int rows, int cols, FloatBuffer grad,
                                             double scale, float[] w, boolean writeProbabilities) {
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
            total += weighted(l, w, r);
            double s = rowScale(scale, w, r);
            for (int j = 0; j < cols; j++) {
                double p = Math.exp(logp[j]);
                gr[j] = (float) (s * (p * sumY - yr[j]));
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

    /**
     * Binary crossentropy on logits {@code z} (Keras's stable form
     * {@code max(z, 0) - z · y + log(1 + exp(-|z|))}, averaged over the row), gradient
     * {@code scale_r · (sigmoid(z) - y) / cols}; when {@code writeProbabilities}, replaces {@code z}
     * by {@code sigmoid(z)} (the output of a sigmoid layer, whose logits the eager loss uses).
     */
    public static double sigmoidCrossentropy(FloatBuffer z, FloatBuffer y, int rows, int cols, FloatBuffer grad,
                                             double scale, float[] w, boolean writeProbabilities) {
        float[] zr = new float[cols];
        float[] yr = new float[cols];
        float[] gr = new float[cols];
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            z.get(o, zr, 0, cols);
            y.get(o, yr, 0, cols);
            double l = 0;
            double s = rowScale(scale, w, r) / cols;
            for (int j = 0; j < cols; j++) {
                double x = zr[j];
                l += Math.max(x, 0) - x * yr[j] + Math.log1p(Math.exp(-Math.abs(x)));
                double p = 1.0 / (1.0 + Math.exp(-x));
                gr[j] = (float) (s * (p - yr[j]));
                zr[j] = (float) p;
            }
            total += weighted(l / cols, w, r);
            if (writeProbabilities) {
                z.put(o, zr, 0, cols);
            }
            if (grad != null) {
                grad.put(o, gr, 0, cols);
            }
        }
        return total;
    }

    /**
     * Mean squared error of the output {@code p} against {@code y}, {@code mean((p - y)^2)} per row,
     * gradient with respect to {@code p}: {@code scale_r · 2 (p - y) / cols}.
     */
    public static double meanSquaredError(FloatBuffer p, FloatBuffer y, int rows, int cols, FloatBuffer grad,
                                          double scale, float[] w) {
        float[] pr = new float[cols];
        float[] yr = new float[cols];
        float[] gr = new float[cols];
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            p.get(o, pr, 0, cols);
            y.get(o, yr, 0, cols);
            double l = 0;
            double s = 2 * rowScale(scale, w, r) / cols;
            for (int j = 0; j < cols; j++) {
                float d = pr[j] - yr[j];
                l += d * d;
                gr[j] = (float) (s * d);
            }
            total += weighted(l / cols, w, r);
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
