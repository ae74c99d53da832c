package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Reshape(target_shape)} (keras/layers/core.py, Keras 2.6): reshapes each sample to
 * {@code target_shape} (batch axis kept; C order). One entry may be -1 and is inferred so that the
 * number of elements per sample is unchanged; a mismatch fails naming both shapes.
 */
public class Reshape extends SingleInputLayer {

    private long[] targetShape;

    /** For the registry: {@code target_shape} must be configured. */
    public Reshape() {
    }

    /** Reshapes each sample to {@code targetShape} (without the batch axis). */
    public Reshape(long... targetShape) {
        targetShape(targetShape);
    }

    /** Sets the per-sample target shape; at most one -1. */
    public Reshape targetShape(long... shape) {
        int unknown = 0;
        for (long d : shape) {
            if (d < 0) {
                if (d != -1) {
                    throw new IllegalArgumentException("`target_shape` entries must be positive or -1. Received: "
                            + "target_shape=" + java.util.Arrays.toString(shape));
                }
                unknown++;
            } else if (d == 0) {
                throw new IllegalArgumentException("`target_shape` entries must be positive or -1. Received: "
                        + "target_shape=" + java.util.Arrays.toString(shape));
            }
        }
        if (unknown > 1) {
            throw new IllegalArgumentException("There can only be one unknown dimension (-1) in `target_shape`. "
                    + "Received: target_shape=" + java.util.Arrays.toString(shape));
        }
        this.targetShape = shape.clone();
        return this;
    }

    private long[] resolve(long[] inputShape) {
        if (targetShape == null) {
            throw new IllegalStateException("Layer '" + name() + "' (Reshape) has no target_shape.");
        }
        long inputSize = 1;
        for (int i = 1; i < inputShape.length; i++) {
            if (inputShape[i] < 0) {
                inputSize = -1;
                break;
            }
            inputSize *= inputShape[i];
        }
        long known = 1;
        int unknownAt = -1;
        for (int i = 0; i < targetShape.length; i++) {
            if (targetShape[i] == -1) {
                unknownAt = i;
            } else {
                known *= targetShape[i];
            }
        }
        long[] out = Shapes.withBatch(inputShape[0], targetShape);
        if (inputSize < 0) {
            return out;
        }
        if (unknownAt >= 0 ? (known == 0 || inputSize % known != 0) : known != inputSize) {
            throw new LayerShapeException("Layer '" + name() + "' (Reshape): total size of new array must be unchanged,"
                    + " input_shape = " + Shapes.describe(Shapes.withoutBatch(inputShape)) + ", output_shape = "
                    + Shapes.describe(targetShape) + ".");
        }
        if (unknownAt >= 0) {
            out[unknownAt + 1] = inputSize / known;
        }
        return out;
    }

    @Override
    protected void checkInputShape(long[] inputShape) {
        resolve(inputShape);
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        return resolve(inputShape);
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        long[] out = resolve(input.shape());
        return input.reshape(out);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        List<Object> s = new ArrayList<>();
        for (long d : targetShape) {
            s.add(d);
        }
        c.put("target_shape", s);
    }

    @Override
    protected void readConfig(Config c) {
        long[] s = c.getShape("target_shape");
        if (s == null) {
            throw new IllegalArgumentException("The config of Reshape needs 'target_shape'.");
        }
        targetShape(s);
    }
}
