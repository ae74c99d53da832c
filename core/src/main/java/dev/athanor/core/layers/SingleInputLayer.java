package dev.athanor.core.layers;

import dev.athanor.core.Tensor;
import java.util.List;

/** Base for the common case of a layer with one input and one output. */
public abstract class SingleInputLayer extends Layer {

    /** Creates weights for one input shape (batch -1). Default: none. */
    protected void build(long[] inputShape) {
    }

    /** Output shape for one input shape. */
    public abstract long[] computeOutputShape(long[] inputShape);

    /** The forward computation on one input. */
    protected abstract Tensor call(Tensor input, boolean training);

    @Override
    protected final void build(List<long[]> inputShapes) {
        build(inputShapes.get(0));
    }

    @Override
    public final List<long[]> computeOutputShape(List<long[]> inputShapes) {
        return List.of(computeOutputShape(inputShapes.get(0)));
    }

    @Override
    protected final List<Tensor> call(List<Tensor> inputs, boolean training) {
        return List.of(call(inputs.get(0), training));
    }

    @Override
    protected final void checkInputShapes(List<long[]> inputShapes) {
        if (inputShapes.size() != 1) {
            throw new LayerShapeException("Layer '" + name() + "' takes one input but received "
                    + inputShapes.size() + ".");
        }
        checkInputShape(inputShapes.get(0));
    }

    /** Checks the input shape; default accepts any. */
    protected void checkInputShape(long[] inputShape) {
    }
}
