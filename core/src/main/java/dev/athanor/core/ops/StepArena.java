package dev.athanor.core.ops;

import dev.athanor.core.Internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Result arrays that live until the end of the current training step, reused from one step to the
 * next, for the ops whose outputs and input gradients are large (convolution and pooling): on this
 * machine kind a fresh ND4J buffer of a W5 activation ({@code [128, 26, 26, 32]}, 11 MB) cost about
 * 35 ms of CPU, and W5's eager step asked for six such buffers (three quarters of its native
 * samples were {@code allocateDataBuffer}).
 *
 * <p>The trainer opens the arena around one step ({@link #open}): forward, backward, the optimizer
 * and the metrics. Inside it, the {@code k}-th {@link #array} request of the step returns the array
 * that the {@code k}-th request of the previous step returned (when it had the same type and shape),
 * so a step sees the same arrays every time and allocates nothing. This is safe because nothing the
 * step produces outlives it except variables, their gradients and the metrics, which are separate
 * arrays (gradients of weights) or numbers; an op may use {@link #array} only for arrays that no
 * variable keeps after the step (op outputs and input gradients). Outside an open arena (predict,
 * evaluate, direct calls) {@link #array} returns a fresh array. Each thread has its own arena; its
 * arrays are released when the training run ends ({@link #release}). {@value #PROPERTY}{@code =false}
 * turns it off.
 */
@Internal
public final class StepArena {

    /** {@code -Dathanor.stepArena=false} turns the arena off (every request a fresh array): A/B runs. */
    public static final String PROPERTY = "athanor.stepArena";

    /** Shapes kept per request index before the slot is cleared (a step whose shapes keep changing). */
    private static final int SHAPES_PER_SLOT = 4;

    private static final ThreadLocal<StepArena> ARENA = ThreadLocal.withInitial(StepArena::new);

    private final List<Map<String, INDArray>> slots = new ArrayList<>();
    private boolean open;
    private int next;

    private StepArena() {
    }

    /** An open arena; closing it ends the step (its arrays may be handed out again). */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Opens this thread's arena for one step, to be closed when the step's results are no longer
     * needed; an arena already open (a step inside a step) stays as it is.
     */
    public static Scope open() {
        StepArena a = ARENA.get();
        if (a.open || "false".equals(System.getProperty(PROPERTY))) {
            return () -> { };
        }
        a.open = true;
        a.next = 0;
        return () -> a.open = false;
    }

    /** Drops this thread's arrays (the end of a training run). */
    public static void release() {
        StepArena a = ARENA.get();
        if (!a.open) {
            a.slots.clear();
        }
    }

    /** A C-order array of {@code shape}, contents undefined: reused within an open arena, else fresh. */
    static INDArray array(DataType t, long... shape) {
        StepArena a = ARENA.get();
        if (!a.open) {
            return Nd4j.createUninitialized(t, shape);
        }
        if (a.next == a.slots.size()) {
            a.slots.add(new HashMap<>());
        }
        Map<String, INDArray> slot = a.slots.get(a.next++);
        String key = t + Arrays.toString(shape);
        INDArray b = slot.get(key);
        if (b == null) {
            if (slot.size() >= SHAPES_PER_SLOT) {
                slot.clear();
            }
            b = Nd4j.createUninitializedDetached(t, shape);
            slot.put(key, b);
        }
        return b;
    }

    /** Whether an arena is open on this thread (tests). */
    static boolean isOpen() {
        return ARENA.get().open;
    }
}
