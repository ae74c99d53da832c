package dev.athanor.core.graph;

import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Layer;
import java.util.List;

/**
 * A layer's {@code call} failed inside a model: the message names the layer, its type and the
 * shapes it received before the cause's own message (Keras's "Exception encountered when calling
 * layer"), so a kernel's bare {@code [1, 4] x [8, 4]} says whose product it was. The cause is kept.
 */
public final class LayerCallException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private LayerCallException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Attributes {@code cause}, thrown by {@code layer}'s call on {@code inputs}, to that layer. */
    static LayerCallException of(Layer layer, List<Tensor> inputs, RuntimeException cause) {
        StringBuilder shapes = new StringBuilder();
        for (Tensor t : inputs) {
            shapes.append(shapes.length() == 0 ? "" : ", ").append(t == null ? "null" : Shapes.describe(t.shape()));
        }
        String why = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
        return new LayerCallException("Exception encountered when calling layer '" + layer.name() + "' ("
                + layer.getClass().getSimpleName() + ") on input shape(s) " + shapes + ": " + why, cause);
    }

    /**
     * Whether {@code e} already says which layer failed: it names the layer, or it was attributed
     * by a model nested inside this one.
     */
    static boolean attributes(RuntimeException e, Layer layer) {
        return e instanceof LayerCallException || (e.getMessage() != null && e.getMessage().contains("'" + layer.name() + "'"));
    }
}
