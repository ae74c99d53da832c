package dev.athanor.core;

/**
 * A metric: per-sample values that the model averages over samples and batches (Keras's
 * {@code MeanMetricWrapper}), and a declared direction so callbacks' mode "auto" is right.
 */
public interface Metric extends Component {

    /** Per-sample values, shape {@code [batch]}. Called without gradient recording. */
    Tensor call(Tensor yTrue, Tensor yPred);

    /** Whether larger values are better (accuracy: true; an error: false). */
    boolean higherIsBetter();

    /**
     * The concrete metric to use with this loss and output shape; e.g. "accuracy" becomes binary,
     * categorical or sparse categorical accuracy as Keras decides. Default: this metric.
     *
     * @param loss the output's loss (may be null)
     * @param outputShape the output's shape with batch dimension -1
     */
    default Metric specialize(Loss loss, long[] outputShape) {
        return this;
    }
}
