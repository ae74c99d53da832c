package dev.athanor.core.training;

import dev.athanor.core.Internal;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Per-sample loss weights from {@code sampleWeight} and {@code classWeight} (multiplied when both). */
@Internal
public final class SampleWeights {

    private SampleWeights() {
    }

    static INDArray of(int n, INDArray sampleWeight, Map<Integer, Double> classWeight, int[] labels) {
        if (sampleWeight == null && (classWeight == null || classWeight.isEmpty())) {
            return null;
        }
        INDArray w = sampleWeight == null ? Nd4j.ones(Nd4j.defaultFloatingPointType(), n)
                : sampleWeight.reshape(n).castTo(Nd4j.defaultFloatingPointType()).dup();
        if (classWeight != null && !classWeight.isEmpty()) {
            if (labels == null) {
                throw new IllegalArgumentException("classWeight needs class labels in y (one-hot rows or integer"
                        + " class indices).");
            }
            for (int i = 0; i < n; i++) {
                Double cw = classWeight.get(labels[i]);
                if (cw == null) {
                    throw new IllegalArgumentException("classWeight has no entry for class " + labels[i]
                            + ". Given: " + classWeight.keySet());
                }
                w.putScalar(i, w.getDouble(i) * cw);
            }
        }
        return w;
    }
}
