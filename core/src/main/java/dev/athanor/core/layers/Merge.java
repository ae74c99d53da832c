package dev.athanor.core.layers;

import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Base of the elementwise merge layers (Keras's {@code Merge}, keras/src/layers/merging/base_merge.py):
 * Add, Subtract, Multiply, Average, Maximum, Minimum. Takes at least two inputs. Per-sample shapes
 * must broadcast as Keras allows: aligned from the end, each pair of dimensions equal or one of them 1;
 * an input of lower rank gets size-1 axes inserted after the batch axis (Keras's
 * {@code expand_dims(x, 1)}).
 *
 * <p>Masks follow Keras 3's {@code Merge.compute_mask}: the output mask is the OR of the input masks
 * when every input has one, and there is none otherwise (Keras 2's {@code _Merge} took the AND of the
 * masks present; checked against real Keras 3.15.1 in {@code MergeMaskGoldenTest}). Add, Subtract and
 * Average leave the values as they are; Multiply and Maximum/Minimum treat masked entries specially.
 */
public abstract class Merge extends Layer {

    /** Minimum number of inputs (Subtract overrides with an exact count). */
    protected void checkInputCount(int n) {
        if (n < 2) {
            throw new LayerShapeException("A merge layer should be called on a list of at least 2 inputs. Got " + n
                    + " inputs (layer '" + name() + "').");
        }
    }

    /** Combines the (rank-aligned) inputs. */
    protected abstract Tensor merge(List<Tensor> inputs);

    @Override
    protected void checkInputShapes(List<long[]> inputShapes) {
        checkInputCount(inputShapes.size());
        outputShape(inputShapes);
    }

    private long[] outputShape(List<long[]> shapes) {
        long[] out = Shapes.withoutBatch(shapes.get(0));
        for (int k = 1; k < shapes.size(); k++) {
            long[] other = Shapes.withoutBatch(shapes.get(k));
            long[] a = out.length >= other.length ? out : other;
            long[] b = out.length >= other.length ? other : out;
            long[] r = Arrays.copyOf(a, a.length);
            int off = a.length - b.length;
            for (int i = 0; i < b.length; i++) {
                long x = a[off + i];
                long y = b[i];
                if (x < 0 || y < 0) {
                    r[off + i] = x == 1 ? y : y == 1 ? x : Math.max(x, y) < 0 ? -1 : Math.max(x, y);
                } else if (x == 1) {
                    r[off + i] = y;
                } else if (y == 1 || x == y) {
                    r[off + i] = x;
                } else {
                    throw new LayerShapeException("Layer '" + name() + "' (" + registryName()
                            + "): operands could not be broadcast together with shapes "
                            + Shapes.describe(shapes.get(0)) + " and " + Shapes.describe(shapes.get(k)) + ".");
                }
            }
            out = r;
        }
        long batch = -1;
        for (long[] s : shapes) {
            batch = Math.max(batch, s[0]);
        }
        return Shapes.withBatch(batch, out);
    }

    /** Passes the input's Keras mask on (Keras's {@code supports_masking = True}). */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public List<long[]> computeOutputShape(List<long[]> inputShapes) {
        return List.of(outputShape(inputShapes));
    }

    /** Keras 3: the OR of the input masks when every input has one, else no mask. */
    @Override
    public List<org.nd4j.linalg.api.ndarray.INDArray> computeMask(List<Tensor> inputs,
                                                                  List<org.nd4j.linalg.api.ndarray.INDArray> inputMasks) {
        if (inputMasks == null || inputMasks.size() < inputs.size() || inputMasks.stream().anyMatch(m -> m == null)) {
            return List.of();
        }
        org.nd4j.linalg.api.ndarray.INDArray or = inputMasks.get(0);
        for (int i = 1; i < inputMasks.size(); i++) {
            or = or.add(inputMasks.get(i)).gt(0).castTo(inputMasks.get(0).dataType());
        }
        return java.util.Collections.singletonList(or);
    }

    /** The {@code [batch, steps]} mask {@code m} as {@code [batch, steps, 1, ...]} of {@code x}'s type, for broadcasting. */
    org.nd4j.linalg.api.ndarray.INDArray expandedMask(org.nd4j.linalg.api.ndarray.INDArray m, Tensor x) {
        long[] s = x.shape();
        if (m.rank() >= s.length || m.rank() < 1) {
            throw new LayerShapeException("Layer '" + name() + "' (" + registryName() + ") cannot apply a mask of"
                    + " shape " + Shapes.describe(m.shape()) + " to an input of shape " + Shapes.describe(s)
                    + ": the mask needs fewer axes than the input.");
        }
        long[] e = new long[s.length];
        Arrays.fill(e, 1);
        System.arraycopy(m.shape(), 0, e, 0, m.rank());
        return m.castTo(x.value().dataType()).reshape(e);
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        return List.of(merge(alignRanks(inputs)));
    }

    /** The inputs with size-1 axes inserted after the batch axis up to the highest rank (Keras's expand_dims). */
    static List<Tensor> alignRanks(List<Tensor> inputs) {
        int maxRank = 0;
        for (Tensor t : inputs) {
            maxRank = Math.max(maxRank, t.rank());
        }
        List<Tensor> aligned = new ArrayList<>();
        for (Tensor t : inputs) {
            if (t.rank() < maxRank) {
                long[] s = t.shape();
                long[] e = new long[maxRank];
                Arrays.fill(e, 1);
                e[0] = s[0];
                System.arraycopy(s, 1, e, maxRank - s.length + 1, s.length - 1);
                t = t.reshape(e);
            }
            aligned.add(t);
        }
        return aligned;
    }
}
