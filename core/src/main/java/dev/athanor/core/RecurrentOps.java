package dev.athanor.core;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Reverse;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Ops that recurrent layers need to walk a sequence step by step without paying for it twice in
 * the backward pass: {@link #unstack} and {@link #split} cut a tensor into pieces, {@link #stack}
 * joins per-step outputs, {@link #reverse} flips the time axis.
 *
 * <p>Cutting {@code T} pieces with {@code slice} would make every piece's backward allocate a
 * full-size zero gradient ({@code O(T²)} work for a sequence). Here the pieces share one
 * accumulator instead: each piece adds its gradient into its own region of a buffer, and a hub
 * node between the pieces and the whole hands the buffer on once. The hub runs after all pieces in
 * the backward walk because the pieces are its consumers; pieces send the hub only a scalar zero
 * (the engine needs a non-null gradient to visit it).
 */
public final class RecurrentOps {

    private RecurrentOps() {
    }

    /** The slices of {@code t} along {@code axis} with that axis removed: {@code [T, ...] -> T x [...]}. */
    public static List<Tensor> unstack(Tensor t, int axis) {
        INDArray x = t.value();
        int ax = Shapes.axis(axis, x.rank());
        long n = x.size(ax);
        List<INDArrayIndex[]> indexes = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            indexes.add(along(x.rank(), ax, NDArrayIndex.point(i)));
        }
        return pieces(t, indexes, "unstack");
    }

    /** {@code parts} equal pieces of {@code t} along {@code axis} (e.g. the four LSTM gates). */
    public static List<Tensor> split(Tensor t, int axis, int parts) {
        INDArray x = t.value();
        int ax = Shapes.axis(axis, x.rank());
        long size = x.size(ax);
        if (parts <= 0 || size % parts != 0) {
            throw new IllegalArgumentException("Cannot split axis " + axis + " of size " + size + " into " + parts
                    + " equal parts.");
        }
        long step = size / parts;
        List<INDArrayIndex[]> indexes = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            indexes.add(along(x.rank(), ax, NDArrayIndex.interval(i * step, (i + 1) * step)));
        }
        return pieces(t, indexes, "split");
    }

    private static List<Tensor> pieces(Tensor whole, List<INDArrayIndex[]> indexes, String op) {
        INDArray x = whole.value();
        Accumulator acc = new Accumulator(x);
        Tensor hub = Tensor.result(x, op, g -> new INDArray[] {acc.take()}, whole);
        List<Tensor> out = new ArrayList<>(indexes.size());
        for (INDArrayIndex[] idx : indexes) {
            INDArray piece = x.get(idx).dup('c');
            out.add(Tensor.result(piece, op + "_piece", g -> {
                acc.add(idx, g);
                return new INDArray[] {Nd4j.scalar(g.dataType(), 0.0)};
            }, hub));
        }
        return out;
    }

    /** Joins same-shaped tensors along a new axis: {@code T x [b, u] -> [b, T, u]} for axis 1. */
    public static Tensor stack(int axis, List<Tensor> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("stack needs at least one tensor.");
        }
        INDArray[] values = new INDArray[parts.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = parts.get(i).value();
        }
        int rank = values[0].rank() + 1;
        int ax = Shapes.axis(axis, rank);
        INDArray out = Nd4j.stack(ax, values);
        return Tensor.result(out, "stack", g -> {
            INDArray[] grads = new INDArray[values.length];
            for (int i = 0; i < values.length; i++) {
                if (parts.get(i).requiresGrad()) {
                    grads[i] = g.get(along(rank, ax, NDArrayIndex.point(i))).dup('c');
                }
            }
            return grads;
        }, parts.toArray(new Tensor[0]));
    }

    /** The elements of {@code t} in reverse order along {@code axis} (Keras's {@code K.reverse}). */
    public static Tensor reverse(Tensor t, int axis) {
        INDArray x = t.value();
        int ax = Shapes.axis(axis, x.rank());
        return Tensor.result(flip(x, ax), "reverse", g -> new INDArray[] {flip(g, ax)}, t);
    }

    private static INDArray flip(INDArray x, int axis) {
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape(), 'c');
        Nd4j.exec(new Reverse(x, out, axis));
        return out;
    }

    /**
     * Keras's masked step ({@code K.rnn} with a mask): where {@code mask} (shape {@code [b, 1]}, 1 =
     * valid) is 1 the new value, elsewhere the previous one: {@code prev + mask * (next - prev)}.
     */
    public static Tensor keepWhereMasked(Tensor next, Tensor prev, INDArray mask) {
        return prev.add(next.sub(prev).mul(Tensor.of(mask)));
    }

    private static INDArrayIndex[] along(int rank, int axis, INDArrayIndex idx) {
        INDArrayIndex[] all = new INDArrayIndex[rank];
        for (int i = 0; i < rank; i++) {
            all[i] = i == axis ? idx : NDArrayIndex.all();
        }
        return all;
    }

    /** The gradient buffer that the pieces of one cut share; handed to the hub once per backward. */
    private static final class Accumulator {
        private final INDArray like;
        private INDArray buffer;

        Accumulator(INDArray like) {
            this.like = like;
        }

        synchronized void add(INDArrayIndex[] idx, INDArray g) {
            if (buffer == null) {
                buffer = Nd4j.zeros(g.dataType(), like.shape());
            }
            INDArray region = buffer.get(idx);
            buffer.put(idx, region.add(g.reshape(region.shape())));
        }

        synchronized INDArray take() {
            INDArray out = buffer != null ? buffer : Nd4j.zeros(like.dataType(), like.shape());
            buffer = null;
            return out;
        }
    }
}
