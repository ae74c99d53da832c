package dev.athanor.core.layers;

import dev.athanor.core.Shapes;

/** Data or inputs whose shape a layer cannot take; the message names the layer and both shapes. */
public final class LayerShapeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** For layer {@code layer}: expected {@code expected}, received {@code received}. */
    public LayerShapeException(String layer, long[] expected, long[] received, String hint) {
        super("Layer '" + layer + "' expects input shape " + Shapes.describe(expected) + " but received "
                + Shapes.describe(received) + "." + (hint == null ? "" : " " + hint));
    }

    /** A free-form shape message (still naming the layer). */
    public LayerShapeException(String message) {
        super(message);
    }
}
