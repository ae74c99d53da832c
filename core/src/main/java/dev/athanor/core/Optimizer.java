package dev.athanor.core;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Updates variables from their gradients: one {@link #apply} per training step.
 *
 * <p>Lifecycle: the model calls {@link #apply} once per batch with the same list of trainable
 * variables in the same order (gradients already computed; a variable whose {@link Variable#grad()}
 * is null is left alone). Slots are created lazily on the first call. The state
 * ({@link #weights()}) is iterations first, then the slots in Keras order, named as Keras names them
 * ({@code "Adam/iter:0"}, {@code "Adam/dense/kernel/m:0"}, ...), so that io can write and read
 * {@code optimizer_weights}.
 */
public interface Optimizer extends Component {

    /** One update step for these variables, in place. */
    void apply(List<Variable> variables);

    /** Number of steps applied so far. */
    long iterations();

    /** The learning rate the next step will use (after any schedule and legacy decay). */
    double learningRate();

    /**
     * The learning rate before legacy decay: the constant, or the schedule's value at
     * {@link #iterations()}. This is Keras's {@code optimizer.lr} as callbacks read it; a callback
     * that scales the rate (ReduceLROnPlateau) reads this and calls {@link #setLearningRate}, so a
     * legacy decay is not compounded into the base rate. Default: {@link #learningRate()}.
     */
    default double baseLearningRate() {
        return learningRate();
    }

    /** Sets a constant learning rate (replacing a schedule), as ReduceLROnPlateau does. */
    void setLearningRate(double learningRate);

    /** The optimizer's state in Keras order; empty before the first step. */
    List<Variable> weights();

    /**
     * Restores state exported by {@link #weights()}; the variables must be the ones this optimizer
     * will be applied to (slots are created for them first). All or nothing: when the count or a
     * shape does not fit, it throws {@link IllegalArgumentException} naming the weight and leaves the
     * optimizer as it was (no slots built, no value changed), so a caller can go on with a fresh state.
     */
    void setWeights(List<Variable> variables, List<INDArray> values);
}
