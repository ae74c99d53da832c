package dev.athanor.losses;

import dev.athanor.core.Loss;
import dev.athanor.core.Metric;
import dev.athanor.core.Tensor;
import java.util.List;

/**
 * The metric a user means by {@code "accuracy"} or {@code "acc"}: binary, categorical or sparse
 * categorical accuracy, chosen as Keras 2 does. Higher is better.
 *
 * <p>{@link #specialize} (at compile time, from the loss and the output shape):
 * <ol>
 *   <li>{@link BinaryAccuracy} when the loss is binary crossentropy or the output's last dimension
 *       is 1 (Keras 2.2 {@code training.py} and tf.keras 2.6 {@code compile_utils.py});</li>
 *   <li>{@link SparseCategoricalAccuracy} when the loss is sparse categorical crossentropy;</li>
 *   <li>{@link CategoricalAccuracy} when the loss is any other registered loss;</li>
 *   <li>otherwise (no loss, or a lambda loss) this metric, which decides on each call by the
 *       shapes as tf.keras 2.6 does: binary when {@code yPred}'s last dimension is 1; sparse when
 *       {@code yTrue} has a lower rank than {@code yPred}, or a last dimension of 1 against one
 *       above 1; categorical otherwise.</li>
 * </ol>
 * The History key stays the name the user wrote ({@code acc} gives {@code acc} and
 * {@code val_acc}); that is the model's business, not the metric's.
 *
 * <p>Names: {@code accuracy}, {@code acc}.
 */
public final class Accuracy extends KerasMetric {

    @Override
    public Metric specialize(Loss loss, long[] outputShape) {
        boolean lastIsOne = outputShape != null && outputShape.length > 0 && outputShape[outputShape.length - 1] == 1;
        if (loss instanceof BinaryCrossentropy || lastIsOne) {
            return new BinaryAccuracy();
        }
        if (loss instanceof SparseCategoricalCrossentropy) {
            return new SparseCategoricalAccuracy();
        }
        if (loss != null && loss.registryName() != null) {
            String n = loss.registryName();
            if (n.equals("BinaryCrossentropy") || n.equals("binary_crossentropy")) {
                return new BinaryAccuracy();
            }
            if (n.equals("SparseCategoricalCrossentropy") || n.equals("sparse_categorical_crossentropy")) {
                return new SparseCategoricalAccuracy();
            }
            return new CategoricalAccuracy();
        }
        return this;
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred) {
        requireInputs(registryName(), yTrue, yPred);
        return byShape(yTrue.shape(), yPred.shape()).call(yTrue, yPred);
    }

    /** tf.keras 2.6's choice by shapes alone. */
    static Metric byShape(long[] yTrueShape, long[] yPredShape) {
        long pLast = yPredShape[yPredShape.length - 1];
        long tLast = yTrueShape.length == 0 ? -1 : yTrueShape[yTrueShape.length - 1];
        if (pLast == 1) {
            return new BinaryAccuracy();
        }
        if (yTrueShape.length < yPredShape.length || tLast == 1 && pLast > 1) {
            return new SparseCategoricalAccuracy();
        }
        return new CategoricalAccuracy();
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public String registryName() {
        return "accuracy";
    }

    @Override
    public List<String> aliases() {
        return List.of("acc");
    }
}
