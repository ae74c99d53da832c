package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The entry point of a functional model (Keras's {@code InputLayer}); created by
 * {@link dev.athanor.core.Input#of}. It has no weights and passes its input through.
 */
public final class InputLayer extends Layer {

    /** The dtypes an input may declare (Keras's names); Athanor computes in floats whatever it is. */
    private static final java.util.Set<String> DTYPES = java.util.Set.of("bool", "string",
            "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "bfloat16", "float32",
            "float64");

    /** The declared dtype, or null for the floating-point default (Keras's {@code floatx}). */
    private String dtype;

    /** For the registry; the shape comes from {@code batch_input_shape}. */
    public InputLayer() {
    }

    /** An input for samples of {@code shape} (without the batch dimension). */
    public InputLayer(long... shape) {
        inputShape(shape);
    }

    /**
     * Declares the dtype of the data this input takes, e.g. {@code "int32"} for token ids fed to an
     * Embedding. It is kept in the model's config (so a Keras model's {@code Input(dtype="int32")}
     * survives a round trip); Athanor computes in floating point whatever the declared dtype.
     */
    public InputLayer dtype(String dtype) {
        if (dtype != null && !DTYPES.contains(dtype)) {
            throw new IllegalArgumentException("InputLayer '" + name() + "': unknown dtype '" + dtype + "'. Known: "
                    + new java.util.TreeSet<>(DTYPES));
        }
        this.dtype = dtype;
        return this;
    }

    /** The declared dtype ({@link dev.athanor.core.Backend#floatx()} when none was declared). */
    public String dtype() {
        return dtype == null ? dev.athanor.core.Backend.floatx() : dtype;
    }

    /** The symbolic tensor this input stands for (created on first use). */
    public synchronized Tensor output() {
        if (inboundNodes().isEmpty()) {
            long[] shape = batchInputShape();
            if (shape == null) {
                throw new IllegalStateException("InputLayer '" + name() + "' has no shape; use Input.of(shape...).");
            }
            ensureBuilt(List.of(shape));
            recordNode(List.of(), List.of(shape));
        }
        return inboundNodes().get(0).outputs().get(0);
    }

    @Override
    public List<long[]> computeOutputShape(List<long[]> inputShapes) {
        return inputShapes;
    }

    @Override
    protected void checkInputShapes(List<long[]> inputShapes) {
        long[] expected = batchInputShape();
        if (expected == null || inputShapes.size() != 1) {
            return;
        }
        long[] got = inputShapes.get(0);
        boolean ok = got.length == expected.length;
        for (int i = 1; ok && i < got.length; i++) {
            ok = expected[i] < 0 || got[i] < 0 || expected[i] == got[i];
        }
        if (!ok) {
            throw new LayerShapeException(name(), expected, got,
                    "Check the data passed for this input (samples are rows; the first dimension is the batch).");
        }
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        return new ArrayList<>(inputs);
    }

    @Override
    protected void writeConfig(Map<String, Object> config) {
        config.put("dtype", dtype());
        config.put("sparse", false);
        config.put("ragged", false);
    }

    @Override
    protected void readConfig(Config config) {
        config.ignore("sparse", "ragged");
        Object d = config.get("dtype");
        // Keras 2 writes a string; a float default stays "not declared" so it follows floatx.
        if (d instanceof String s && !s.startsWith("float")) {
            dtype(s);
        }
    }
}
