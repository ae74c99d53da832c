package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras 3's {@code Softmax(axis=-1)} (keras/src/layers/activations/softmax.py): the softmax over
 * one axis, or jointly over several ({@code exp(x - logsumexp(x, axes))}).
 *
 * <p>Keras's {@code mask} call argument is either the Keras mask reaching the layer or an explicit
 * second input ({@code softmax.apply(scores, mask)}): an array broadcastable to the input (aligned
 * from the last axis, each mask size 1 or equal, never of higher rank). Where the mask is
 * {@code <= 0.5} the input is replaced by {@code -1e9} before the softmax and the output is set to
 * 0 after it (so a fully masked row is all zeros), as in Keras. With both, the explicit input wins.
 */
public class Softmax extends Layer {

    private int[] axes = {-1};
    private boolean axisIsList;

    /** Keras's default: the last axis. */
    public Softmax() {
    }

    /** Softmax over one axis (negative counts from the end). */
    public Softmax(int axis) {
        axis(axis);
    }

    /** {@code axis}: one axis. */
    public Softmax axis(int axis) {
        this.axes = new int[] {axis};
        this.axisIsList = false;
        return this;
    }

    /** {@code axis} as Keras's list form: the softmax is taken jointly over all of them. */
    public Softmax axes(int... value) {
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("Softmax layer '" + name() + "' needs at least one axis. Received:"
                    + " axis=" + Arrays.toString(value));
        }
        this.axes = value.clone();
        this.axisIsList = true;
        return this;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected void checkInputShapes(List<long[]> shapes) {
        if (shapes.isEmpty() || shapes.size() > 2) {
            throw new LayerShapeException("Layer '" + name() + "' (Softmax) takes the inputs and optionally a mask,"
                    + " but received " + shapes.size() + " inputs.");
        }
        long[] x = shapes.get(0);
        for (int a : axes) {
            if (a >= x.length || a < -x.length) {
                throw new LayerShapeException("Layer '" + name() + "' (Softmax) normalizes over axis " + a
                        + " but its input " + Shapes.describe(x) + " has rank " + x.length + ".");
            }
        }
        if (shapes.size() == 2) {
            checkMask(x, shapes.get(1));
        }
    }

    private void checkMask(long[] x, long[] m) {
        boolean ok = m.length <= x.length;
        for (int i = 1; ok && i <= m.length; i++) {
            long md = m[m.length - i], xd = x[x.length - i];
            ok = md < 0 || xd < 0 || md == 1 || md == xd;
        }
        if (!ok) {
            throw new LayerShapeException("Layer '" + name() + "' (Softmax): the mask must be broadcastable to the"
                    + " inputs (each mask dimension 1 or equal to the input's, aligned from the last axis, and no"
                    + " more dimensions). Received: inputs.shape=" + Shapes.describe(x) + ", mask.shape="
                    + Shapes.describe(m) + ".");
        }
    }

    @Override
    public List<long[]> computeOutputShape(List<long[]> shapes) {
        return List.of(shapes.get(0).clone());
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        return call(inputs, null, training);
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, List<INDArray> masks, boolean training) {
        Tensor x = inputs.get(0);
        INDArray mask = inputs.size() > 1 ? inputs.get(1).value()
                : masks == null || masks.isEmpty() ? null : masks.get(0);
        INDArray keep = null;
        if (mask != null) {
            checkMask(x.shape(), mask.shape());
            keep = mask.castTo(x.value().dataType()).gt(0.5).castTo(x.value().dataType());
            // where(keep, x, -1e9): x·keep + (keep - 1)·1e9, exactly x or -1e9.
            x = x.mul(Tensor.of(keep)).add(Tensor.of(keep.sub(1.0).muli(1e9)));
        }
        Tensor y = softmax(x);
        if (keep != null) {
            y = y.mul(Tensor.of(keep));
        }
        return List.of(y);
    }

    private Tensor softmax(Tensor x) {
        int rank = x.rank();
        int[] ax = Arrays.stream(axes).map(a -> Shapes.axis(a, rank)).distinct().sorted().toArray();
        if (ax.length == 1) {
            return x.softmax(ax[0]);
        }
        // Several axes: move them last, merge them into one, take one softmax, and undo both.
        int[] perm = new int[rank];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if (Arrays.binarySearch(ax, i) < 0) {
                perm[k++] = i;
            }
        }
        for (int a : ax) {
            perm[k++] = a;
        }
        Tensor moved = x.permute(perm);
        long[] movedShape = moved.shape();
        long[] merged = Arrays.copyOf(movedShape, rank - ax.length + 1);
        merged[merged.length - 1] = -1;
        Tensor y = moved.reshape(merged).softmax(-1).reshape(movedShape);
        int[] inverse = new int[rank];
        for (int i = 0; i < rank; i++) {
            inverse[perm[i]] = i;
        }
        return y.permute(inverse);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        if (axisIsList) {
            List<Integer> l = new ArrayList<>();
            for (int a : axes) {
                l.add(a);
            }
            c.put("axis", l);
        } else {
            c.put("axis", axes[0]);
        }
    }

    @Override
    protected void readConfig(Config c) {
        Object a = c.get("axis");
        if (a == null) {
            axis(-1);
        } else if (a instanceof Number) {
            axis(c.getInt("axis", -1));
        } else {
            axes(c.getInts("axis"));
        }
    }
}
