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

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("axis", axis);
    }

    @Override
    protected void readConfig(Config c) {
        axis = c.getInt("axis", -1);
    }
}
