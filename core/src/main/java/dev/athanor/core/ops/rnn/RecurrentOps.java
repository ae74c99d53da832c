package dev.athanor.core.ops.rnn;

import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import java.util.function.Function;
import org.nd4j.linalg.api.ops.impl.shape.Split;
import org.nd4j.linalg.api.ops.impl.shape.Stack;
import org.nd4j.linalg.api.ops.impl.shape.Unstack;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Reverse;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Ops that recurrent layers need to walk a sequence step by step without paying for it twice in
 * the backward pass: {@link #unstack} and {@link #split} cut a tensor into pieces, {@link #stack}
 * joins per-step outputs, {@link #reverse} flips the time axis.
 *
 * <p>Cutting {@code T} pieces with {@code slice} would make every piece's backward allocate a
 * full-size zero gradient ({@code O(T²)} work for a sequence), and ND4J's index-based slicing
 * costs hundreds of microseconds a piece. Here one native op (unstack, split) cuts all pieces, and
 * the pieces share an accumulator: each keeps its own gradient, and a hub node between the pieces
 * and the whole joins them with one native op (stack, concat) once per backward. The hub runs after
 * all pieces in the backward walk because the pieces are its consumers; the first piece sends the
 * hub a scalar zero (the engine needs a non-null gradient to visit it).
 */
public final class RecurrentOps {

    private RecurrentOps() {
    }

    /** The slices of {@code t} along {@code axis} with that axis removed: {@code [T, ...] -> T x [...]}. */
    public static List<Tensor> unstack(Tensor t, int axis) {
        INDArray x = t.value();
        int ax = Shapes.axis(axis, x.rank());
        INDArray[] parts = Nd4j.exec(new Unstack(x, ax, (int) x.size(ax)));
        return pieces(t, parts, "unstack", grads -> Nd4j.exec(new Stack(grads, ax))[0]);
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
        INDArray[] pieces = Nd4j.exec(new Split(x, parts, ax));
        return pieces(t, pieces, "split", grads -> Nd4j.concat(ax, grads));
    }

    private static List<Tensor> pieces(Tensor whole, INDArray[] parts, String op,
                                       Function<INDArray[], INDArray> join) {
        Accumulator acc = new Accumulator(parts, join);
        Tensor hub = Tensor.result(whole.value(), op, g -> new INDArray[] {acc.take()}, whole);
        List<Tensor> out = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            int index = i;
            out.add(Tensor.result(parts[i], op + "_piece", g -> new INDArray[] {acc.add(index, g)}, hub));
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
        int ax = Shapes.axis(axis, values[0].rank() + 1);
        INDArray out = Nd4j.exec(new Stack(values, ax))[0];
        return Tensor.result(out, "stack", g -> Nd4j.exec(new Unstack(g, ax, values.length)),
                parts.toArray(new Tensor[0]));
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

    /**
     * The gradients of one cut's pieces, joined for the hub once per backward. Only the first piece
     * to receive a gradient announces it to the hub (a scalar zero, so the engine visits the hub);
     * the others return null.
     */
    private static final class Accumulator {
        private final INDArray[] like;
        private final Function<INDArray[], INDArray> join;
        private INDArray[] grads;

        Accumulator(INDArray[] like, Function<INDArray[], INDArray> join) {
            this.like = like;
            this.join = join;
        }

        synchronized INDArray add(int index, INDArray g) {
            boolean first = grads == null;
            if (first) {
                grads = new INDArray[like.length];
            }
            grads[index] = grads[index] == null ? g : grads[index].add(g);
            return first ? Nd4j.scalar(g.dataType(), 0.0) : null;
        }

        synchronized INDArray take() {
            INDArray[] all = grads == null ? new INDArray[like.length] : grads;
            grads = null;
            for (int i = 0; i < all.length; i++) {
                if (all[i] == null) {
                    all[i] = Nd4j.zeros(like[i].dataType(), like[i].shape());
                }
            }
            return join.apply(all);
        }
    }
}
