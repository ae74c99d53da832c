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
 * Keras 3's {@code Dot(axes, normalize=False)} (keras/src/layers/merging/dot.py): the dot product
 * of two inputs along one axis each (Keras's {@code batch_dot}); {@code axes} is one int for both
 * or {@code (axis1, axis2)}, negative counting from the end, never the batch axis. The output is
 * {@code [batch, x's other axes..., y's other axes...]}, with a trailing 1 when nothing else is
 * left ({@code [batch, 1]} for two vectors). With {@code normalize} both inputs are first
 * L2-normalized along their dot axis as Keras 3 does ({@code x / max(||x||, 1e-7)}), giving the
 * cosine similarity. One batched native matmul: x's axis moved last and its other axes merged,
 * y's axis moved first. The output carries no mask (Keras's {@code compute_mask} returns None).
 */
public class Dot extends Layer {

    private static final double EPSILON = 1e-7;

    private int[] axes;
    private boolean axesIsList;
    private boolean normalize;

    /** For the registry: {@code axes} comes from the config. */
    public Dot() {
    }

    /** The same axis on both inputs. */
    public Dot(int axes) {
        axes(axes);
    }

    /** {@code axes=(axis1, axis2)}: one axis of each input. */
    public Dot(int axis1, int axis2) {
        axes(axis1, axis2);
    }

    /** {@code axes}: the same axis on both inputs. */
    public Dot axes(int axis) {
        this.axes = new int[] {axis, axis};
        this.axesIsList = false;
        return this;
    }

    /** {@code axes=(axis1, axis2)}. */
    public Dot axes(int axis1, int axis2) {
        this.axes = new int[] {axis1, axis2};
        this.axesIsList = true;
        return this;
    }

    /** {@code normalize}: L2-normalize both inputs along the dot axes first (cosine similarity). */
    public Dot normalize(boolean value) {
        this.normalize = value;
        return this;
    }

    /** Keras resolves a negative int against each input's rank, and a negative pair entry likewise. */
    private int[] resolved(int rank1, int rank2) {
        return new int[] {Math.floorMod(axes[0], rank1), Math.floorMod(axes[1], rank2)};
    }

    @Override
    protected void checkInputShapes(List<long[]> shapes) {
        if (axes == null) {
            throw new IllegalStateException("Dot layer '" + name() + "' needs `axes`: new Dot(axes).");
        }
        if (shapes.size() != 2) {
            throw new LayerShapeException("A `Dot` layer should be called on a list of 2 inputs. Received "
                    + shapes.size() + " inputs (layer '" + name() + "').");
        }
        long[] s1 = shapes.get(0), s2 = shapes.get(1);
        if (s1.length < 2 || s2.length < 2) {
            throw new LayerShapeException("Layer '" + name() + "' (Dot) cannot do batch_dot on inputs with rank < 2."
                    + " Received inputs with shapes " + Shapes.describe(s1) + " and " + Shapes.describe(s2) + ".");
        }
        int[] a = resolved(s1.length, s2.length);
        if (a[0] == 0 || a[1] == 0 || axes[0] >= s1.length || axes[1] >= s2.length || axes[0] < -s1.length
                || axes[1] < -s2.length) {
            throw new LayerShapeException("Layer '" + name() + "' (Dot) cannot take the dot product over axes "
                    + Arrays.toString(axes) + " of inputs " + Shapes.describe(s1) + " and " + Shapes.describe(s2)
                    + ": each axis must be one of the input's axes after the batch axis.");
        }
        if (s1[a[0]] >= 0 && s2[a[1]] >= 0 && s1[a[0]] != s2[a[1]]) {
            throw new LayerShapeException("Layer '" + name() + "' (Dot): incompatible input shapes: axis values "
                    + s1[a[0]] + " (at axis " + a[0] + ") != " + s2[a[1]] + " (at axis " + a[1] + "). Full input"
                    + " shapes: " + Shapes.describe(s1) + ", " + Shapes.describe(s2) + ".");
        }
    }

    @Override
    public List<long[]> computeOutputShape(List<long[]> shapes) {
        long[] s1 = shapes.get(0), s2 = shapes.get(1);
        int[] a = resolved(s1.length, s2.length);
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < s1.length; i++) {
            if (i != a[0]) {
                out.add(s1[i]);
            }
        }
        for (int i = 1; i < s2.length; i++) {
            if (i != a[1]) {
                out.add(s2[i]);
            }
        }
        if (out.size() == 1) {
            out.add(1L);
        }
        return List.of(out.stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public List<INDArray> computeMask(List<Tensor> inputs, List<INDArray> inputMasks) {
        return List.of();
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        Tensor x = inputs.get(0), y = inputs.get(1);
        int[] a = resolved(x.rank(), y.rank());
        if (normalize) {
            x = l2Normalize(x, a[0]);
            y = l2Normalize(y, a[1]);
        }
        long batch = x.shape()[0];
        long d = x.shape()[a[0]];
        Tensor left = moveAxis(x, a[0], x.rank() - 1).reshape(batch, -1, d);
        Tensor right = moveAxis(y, a[1], 1).reshape(batch, d, -1);
        Tensor product = left.batchMatmul(right, false, false);
        List<long[]> shapes = new ArrayList<>();
        shapes.add(x.shape());
        shapes.add(y.shape());
        return List.of(product.reshape(computeOutputShape(shapes).get(0)));
    }

    /** Keras 3's {@code ops.normalize}: {@code x · min(rsqrt(sum(x²)), 1/eps)}. */
    private static Tensor l2Normalize(Tensor x, int axis) {
        // sqrt(max(s, eps²)) = max(sqrt(s), eps), with a finite gradient at s = 0.
        return x.div(x.square().sum(axis, true).maximum(EPSILON * EPSILON).sqrt());
    }

    /** The permutation moving {@code from} to position {@code to}, the others keeping their order. */
    private static Tensor moveAxis(Tensor t, int from, int to) {
        if (from == to) {
            return t;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < t.rank(); i++) {
            if (i != from) {
                order.add(i);
            }
        }
        order.add(to, from);
        return t.permute(order.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("axes", axesIsList ? List.of(axes[0], axes[1]) : (Object) axes[0]);
        c.put("normalize", normalize);
    }

    @Override
    protected void readConfig(Config c) {
        Object v = c.get("axes");
        if (v instanceof Number) {
            axes(c.getInt("axes", -1));
        } else if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number && l.get(1) instanceof Number) {
            int[] p = c.getInts("axes");
            axes(p[0], p[1]);
        } else {
            throw new IllegalArgumentException("Invalid format for argument `axes` of Dot: it should be an int or a"
                    + " list of two ints. Received: axes=" + v);
        }
        normalize(c.getBoolean("normalize", false));
    }
}
