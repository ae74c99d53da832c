package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Permute(dims)} (keras/src/layers/reshaping/permute.py): reorders the axes after
 * the batch; {@code dims} is a permutation of {@code 1..rank-1} ({@code (2, 1)} swaps steps and
 * features). Keras's masks stop here.
 */
public class Permute extends SingleInputLayer {

    private int[] dims;

    /** For the registry: {@code dims} comes from the config. */
    public Permute() {
    }

    /** The given permutation of the axes 1..n. */
    public Permute(int... dims) {
        dims(dims);
    }

    /** {@code dims}: a permutation of 1..n. */
    public Permute dims(int... value) {
        int[] sorted = value == null ? new int[0] : value.clone();
        Arrays.sort(sorted);
        boolean ok = sorted.length > 0;
        for (int i = 0; ok && i < sorted.length; i++) {
            ok = sorted[i] == i + 1;
        }
        if (!ok) {
            throw new IllegalArgumentException("Invalid permutation argument `dims` for Permute Layer. The set of"
                    + " indices in `dims` must be consecutive and start from 1. Received dims="
                    + Arrays.toString(value));
        }
        this.dims = value.clone();
        return this;
    }

    @Override
    protected void checkInputShape(long[] s) {
        if (dims == null) {
            throw new IllegalStateException("Permute layer '" + name() + "' needs `dims`: new Permute(2, 1).");
        }
        if (s.length != dims.length + 1) {
            throw new LayerShapeException("Input 0 of layer '" + name() + "' (Permute) is incompatible with the layer:"
                    + " dims=" + Arrays.toString(dims) + " expects ndim=" + (dims.length + 1) + ", found ndim="
                    + s.length + ". Full shape received: " + Shapes.describe(s) + ".");
        }
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        long[] out = new long[dims.length + 1];
        out[0] = inputShape[0];
        for (int i = 0; i < dims.length; i++) {
            out[i + 1] = inputShape[dims[i]];
        }
        return out;
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        int[] axes = new int[dims.length + 1];
        System.arraycopy(dims, 0, axes, 1, dims.length);
        return input.permute(axes);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        List<Integer> l = new ArrayList<>();
        for (int d : dims) {
            l.add(d);
        }
        c.put("dims", l);
    }

    @Override
    protected void readConfig(Config c) {
        int[] d = c.getInts("dims");
        if (d == null) {
            throw new IllegalArgumentException("Permute config needs `dims`, a permutation of 1..n.");
        }
        dims(d);
    }
}
