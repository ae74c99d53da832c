package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Concatenate(axis=-1)} (keras/layers/merge.py, Keras 2.6): joins its inputs along
 * {@code axis}. All inputs need the same rank and equal dimensions except on the concatenation
 * axis, whose output size is the sum. Config: {@code axis}.
 */
public class Concatenate extends Layer {

    private int axis = -1;

    /** Concatenates along the last axis. */
    public Concatenate() {
    }

    /** Concatenates along {@code axis} (negative counts from the end). */
    public Concatenate(int axis) {
        this.axis = axis;
    }

    /** Sets the axis. */
    public Concatenate axis(int value) {
        this.axis = value;
        return this;
    }

    private String mismatch(List<long[]> shapes) {
        return "A `Concatenate` layer ('" + name() + "') requires inputs with matching shapes except for the concat"
                + " axis. Got inputs shapes: " + Arrays.toString(shapes.stream().map(Shapes::describe).toArray());
    }

    @Override
    protected void checkInputShapes(List<long[]> inputShapes) {
        computeOutputShape(inputShapes);
    }

    @Override
    public List<long[]> computeOutputShape(List<long[]> inputShapes) {
        if (inputShapes.size() < 2) {
            throw new LayerShapeException("A `Concatenate` layer ('" + name()
                    + "') should be called on a list of at least 2 inputs. Got " + inputShapes.size() + " inputs.");
        }
        int rank = inputShapes.get(0).length;
        for (long[] s : inputShapes) {
            if (s.length != rank) {
                throw new LayerShapeException(mismatch(inputShapes));
            }
        }
        int ax;
        try {
            ax = Shapes.axis(axis, rank);
        } catch (IllegalArgumentException e) {
            throw new LayerShapeException("Layer '" + name() + "' (Concatenate): axis " + axis
                    + " is out of range for inputs of rank " + rank + ".");
        }
        long[] out = inputShapes.get(0).clone();
        out[ax] = 0;
        for (long[] s : inputShapes) {
            for (int i = 0; i < rank; i++) {
                if (i == ax) {
                    out[ax] = out[ax] < 0 || s[ax] < 0 ? -1 : out[ax] + s[ax];
                } else if (out[i] >= 0 && s[i] >= 0 && out[i] != s[i]) {
                    throw new LayerShapeException(mismatch(inputShapes));
                } else if (out[i] < 0) {
                    out[i] = s[i];
                }
            }
        }
        return List.of(out);
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        return List.of(Tensor.concat(axis, inputs.toArray(new Tensor[0])));
    }

    /** Passes Keras masks on (Keras's {@code supports_masking = True}); see {@link #computeMask}. */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    /**
     * Keras 3's rule ({@code Concatenate.compute_mask}: the masks, an input without one counting as all
     * valid, concatenated and reduced with {@code any} over the last axis): along the feature axis the
     * output step is valid where any input's is (OR; so all valid when an input has no mask — Keras 2
     * took the AND); along the time axis (axis 1 of sequences) the masks are joined.
     */
    @Override
    public List<org.nd4j.linalg.api.ndarray.INDArray> computeMask(List<Tensor> inputs,
            List<org.nd4j.linalg.api.ndarray.INDArray> inputMasks) {
        if (inputMasks == null || inputMasks.stream().allMatch(java.util.Objects::isNull)) {
            return List.of();
        }
        int rank = inputs.get(0).rank();
        if (rank < 3 || Shapes.axis(axis, rank) != 1) {
            org.nd4j.linalg.api.ndarray.INDArray or = null;
            for (org.nd4j.linalg.api.ndarray.INDArray m : inputMasks) {
                if (m == null) {
                    org.nd4j.linalg.api.ndarray.INDArray some = inputMasks.stream().filter(java.util.Objects::nonNull)
                            .findFirst().orElseThrow();
                    return java.util.Collections.singletonList(org.nd4j.linalg.factory.Nd4j.onesLike(some));
                }
                or = or == null ? m : or.add(m).gt(0).castTo(m.dataType());
            }
            return java.util.Collections.singletonList(or);
        }
        org.nd4j.linalg.api.ndarray.INDArray[] parts = new org.nd4j.linalg.api.ndarray.INDArray[inputs.size()];
        org.nd4j.linalg.api.buffer.DataType type = inputMasks.stream().filter(java.util.Objects::nonNull)
                .findFirst().orElseThrow().dataType();
        for (int i = 0; i < parts.length; i++) {
            long[] s = inputs.get(i).shape();
            parts[i] = inputMasks.get(i) != null ? inputMasks.get(i)
                    : org.nd4j.linalg.factory.Nd4j.ones(type, s[0], s[1]);
        }
        return java.util.Collections.singletonList(org.nd4j.linalg.factory.Nd4j.concat(1, parts));
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("axis", axis);
    }

    @Override
    protected void readConfig(Config c) {
        axis = c.getInt("axis", -1);
    }
}
