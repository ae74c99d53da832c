package dev.athanor.core.training;

import dev.athanor.core.Internal;

import dev.athanor.core.Tensor;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How the Keras mask of a model output (e.g. {@code LSTM(return_sequences=True)} after
 * {@code Embedding(mask_zero=True)}) weights its loss and metrics, as tf.keras 2.6 does
 * (keras/engine/compile_utils.py {@code apply_mask}, keras/utils/losses_utils.py
 * {@code compute_weighted_loss}): the mask is folded into the sample weights
 * ({@code sw[b, 1] · mask[b, T]}); the loss's SUM_OVER_BATCH_SIZE reduction then divides the weighted
 * sum by the number of per-step values, masked ones included ({@code sum(loss · sw · mask) / (b·T)}),
 * and a metric is the weighted mean {@code sum(value · sw · mask) / sum(sw · mask)}, as a Keras
 * {@code Mean} given the mask as sample weight.
 */
@Internal
public final class OutputMasks {

    private OutputMasks() {
    }

    /**
     * The weights of per-step values of shape {@code valueShape} (rank of the mask, or one more: then
     * the weight of a step applies to its last axis): the mask times the per-sample weights (may be
     * null). Fails clearly when the values lost the time axis.
     */
    static INDArray weights(long[] valueShape, INDArray mask, INDArray sampleWeights, String output,
                            String what) {
        long[] m = mask.shape();
        boolean sameRank = valueShape.length == m.length;
        boolean oneMore = valueShape.length == m.length + 1;
        if (!(sameRank || oneMore) || !Arrays.equals(Arrays.copyOf(valueShape, m.length), m)) {
            throw new IllegalArgumentException("Output '" + output + "' carries a Keras mask of shape "
                    + Arrays.toString(m) + " (from Embedding(mask_zero=True) or Masking), but its " + what
                    + " gives values of shape " + Arrays.toString(valueShape) + ". A masked output's " + what
                    + " must keep the (batch, timesteps) axes so each step can be weighted, as in Keras; reduce"
                    + " only the last axis, or stop the mask before the output.");
        }
        INDArray w = mask;
        if (oneMore) {
            long[] s = Arrays.copyOf(m, m.length + 1);
            s[m.length] = 1;
            w = w.reshape(s);
        }
        if (sampleWeights != null) {
            long[] s = new long[w.rank()];
            Arrays.fill(s, 1);
            s[0] = sampleWeights.length();
            w = w.mul(sampleWeights.reshape(s).castTo(w.dataType()));
        }
        return w;
    }

    /** Keras's SUM_OVER_BATCH_SIZE of a masked output's per-step losses (see the class comment). */
    static Tensor reduceLoss(Tensor perStep, INDArray mask, INDArray sampleWeights, String output) {
        INDArray w = weights(perStep.shape(), mask.castTo(perStep.value().dataType()), sampleWeights, output,
                "loss");
        return perStep.mul(Tensor.of(w)).sum().div(perStep.value().length());
    }

    /**
     * A masked output's metric values as {@code {sum(value · w), sum(w)}}; values with axes beyond the
     * mask's are first averaged over them. Values without the time axis fall back to plain per-sample
     * weighting (null).
     */
    static double[] metricSums(INDArray values, INDArray mask, INDArray sampleWeights) {
        if (values.rank() < mask.rank()) {
            return null;
        }
        INDArray v = values;
        if (v.rank() > mask.rank()) {
            long[] s = Arrays.copyOf(mask.shape(), mask.rank() + 1);
            s[mask.rank()] = -1;
            v = v.reshape(s).mean(mask.rank());
        }
        INDArray w = weights(v.shape(), mask.castTo(v.dataType()), sampleWeights, "?", "metric");
        return new double[] {v.mul(w).sumNumber().doubleValue(), w.sumNumber().doubleValue()};
    }
}
