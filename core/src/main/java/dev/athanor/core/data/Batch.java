package dev.athanor.core.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One batch from a {@link Dataset}: one array per model input, one target array per model output (a null
 * entry where layers add their own loss; a null list for prediction), and optional per-sample weights of
 * shape {@code [batch]}. All arrays share their first dimension, the batch size.
 *
 * @param inputs one array per model input
 * @param targets one array per model output, or null when the batch has no targets
 * @param sampleWeights per-sample loss weights, or null
 */
public record Batch(List<INDArray> inputs, List<INDArray> targets, INDArray sampleWeights) {

    public Batch {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("A batch needs at least one input array. Received: inputs=" + inputs);
        }
        for (INDArray x : inputs) {
            if (x == null) {
                throw new IllegalArgumentException("A batch's input arrays must not be null.");
            }
        }
        inputs = Collections.unmodifiableList(new ArrayList<>(inputs));
        targets = targets == null ? null : Collections.unmodifiableList(new ArrayList<>(targets));
    }

    /** Inputs only, for prediction. */
    public static Batch of(INDArray x) {
        return new Batch(List.of(x), null, null);
    }

    /** One input array and one target array. */
    public static Batch of(INDArray x, INDArray y) {
        return new Batch(List.of(x), y == null ? null : List.of(y), null);
    }

    /** One input array, one target array and per-sample weights. */
    public static Batch of(INDArray x, INDArray y, INDArray sampleWeights) {
        return new Batch(List.of(x), y == null ? null : List.of(y), sampleWeights);
    }

    /** The number of samples in this batch. */
    public long size() {
        return inputs.get(0).size(0);
    }
}
