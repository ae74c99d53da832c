package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.ops.rnn.RecurrentOps;
import dev.athanor.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code Bidirectional(layer, merge_mode="concat", backward_layer=None)}
 * (keras/layers/wrappers.py, Keras 2.6): runs a recurrent layer forwards ({@code forward_<name>})
 * and a copy with {@code go_backwards} flipped ({@code backward_<name>}, or the given backward
 * layer) over the same input and mask. With {@code return_sequences} the backward output is
 * reversed back to input order; the two outputs are merged by {@code merge_mode}:
 * {@code concat} (last axis), {@code sum}, {@code mul}, {@code ave}, or null (both returned).
 * With {@code return_state} the outputs are the merged output(s), the forward states, then the
 * backward states. Weights: the forward layer's, then the backward layer's, as Keras writes them.
 * Initial states, when given, are the forward layer's followed by the backward layer's.
 */
public class Bidirectional extends Wrapper {

    private static final List<String> MODES = Arrays.asList("concat", "sum", "mul", "ave", null);

    private RecurrentLayer<?> forward;
    private RecurrentLayer<?> backward;
    private Map<String, Object> layerConfig;
    private Map<String, Object> backwardConfig;
    private String mergeMode = "concat";

    /** For the registry; {@code layer} must be configured. */
    public Bidirectional() {
    }

    /**
     * Wraps {@code layer}: its config (not the instance) makes the forward and backward copies, so
     * configure it fully first.
     */
    public Bidirectional(RecurrentLayer<?> layer) {
        setLayer(serialize(layer), (cls, config) -> newLike(layer, config));
    }

    /** Uses {@code backwardLayer} (its {@code go_backwards} must differ from the forward layer's). */
    public Bidirectional(RecurrentLayer<?> layer, RecurrentLayer<?> backwardLayer) {
        setLayer(serialize(layer), (cls, config) -> newLike(layer, config));
        setBackward(serialize(backwardLayer), (cls, config) -> newLike(backwardLayer, config));
    }

    /** How the two outputs are combined: "concat", "sum", "mul", "ave", or null for both. */
    public Bidirectional mergeMode(String value) {
        if (!MODES.contains(value)) {
            throw new IllegalArgumentException("Invalid merge mode. Merge mode should be one of {\"sum\", \"mul\","
                    + " \"ave\", \"concat\", None}. Received: merge_mode=" + value);
        }
        this.mergeMode = value;
        return this;
    }

    /** The forward layer (named {@code forward_<name>}). */
    public Layer forwardLayer() {
        return forward;
    }

    /** The backward layer (named {@code backward_<name>}). */
    public Layer backwardLayer() {
        return backward;
    }

    private static RecurrentLayer<?> recurrent(Layer l, String what) {
        if (l instanceof RecurrentLayer<?> r) {
            return r;
        }
        throw new IllegalArgumentException("Bidirectional needs a recurrent layer (SimpleRNN, LSTM, GRU) as its "
                + what + "; received " + l.registryName() + ".");
    }

    /** Makes a layer from (class name, config): a registry, or a copy of the layer passed in. */
    private interface Maker extends BiFunction<String, Map<String, Object>, Layer> {
    }

    private static RecurrentLayer<?> copy(Map<String, Object> spec, String name, Boolean goBackwards, Maker maker) {
        @SuppressWarnings("unchecked")
        Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) spec.get("config"));
        config.put("name", name);
        if (goBackwards != null) {
            config.put("go_backwards", goBackwards);
        }
        return recurrent(maker.apply((String) spec.get("class_name"), config), "layer");
    }

    private void setLayer(Map<String, Object> spec, Maker maker) {
        this.layerConfig = spec;
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) spec.get("config");
        String base = String.valueOf(config.get("name"));
        forward = copy(spec, "forward_" + base, null, maker);
        if (backwardConfig == null) {
            backward = copy(spec, "backward_" + base, !forward.goBackwards(), maker);
        }
    }

    private void setBackward(Map<String, Object> spec, Maker maker) {
        this.backwardConfig = spec;
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) spec.get("config");
        backward = copy(spec, "backward_" + config.get("name"), null, maker);
        if (backward.goBackwards() == forward.goBackwards()) {
            throw new IllegalArgumentException("Forward layer and backward layer of Bidirectional must have different"
                    + " go_backwards values. Received: forward go_backwards=" + forward.goBackwards()
                    + ", backward go_backwards=" + backward.goBackwards());
        }
    }

    @Override
    protected List<Layer> wrapped() {
        return forward == null ? List.of() : List.of(forward, backward);
    }

    private void requireLayer() {
        if (forward == null) {
            throw new IllegalStateException("Layer '" + name() + "' (Bidirectional) has no layer to wrap.");
        }
    }

    @Override
    protected void checkInputShapes(List<long[]> inputShapes) {
        requireLayer();
        int n = forward.stateCount();
        if (inputShapes.size() != 1 && inputShapes.size() != 1 + 2 * n) {
            throw new LayerShapeException("Layer '" + name() + "' (Bidirectional) takes the sequence and optionally "
                    + 2 * n + " initial states (forward then backward), but received " + inputShapes.size()
                    + " inputs: " + describe(inputShapes) + ".");
        }
    }

    private <T> List<T> partOf(List<T> values, boolean back) {
        if (values.size() == 1) {
            return values;
        }
        int n = forward.stateCount();
        List<T> out = new ArrayList<>();
        out.add(values.get(0));
        out.addAll(values.subList(back ? 1 + n : 1, back ? 1 + 2 * n : 1 + n));
        return out;
    }

    @Override
    protected void build(List<long[]> inputShapes) {
        forward.ensureBuilt(partOf(inputShapes, false));
        backward.ensureBuilt(partOf(inputShapes, true));
    }

    @Override
    public List<long[]> computeOutputShape(List<long[]> inputShapes) {
        requireLayer();
        List<long[]> f = forward.computeOutputShape(partOf(inputShapes, false));
        List<long[]> b = backward.computeOutputShape(partOf(inputShapes, true));
        List<long[]> out = new ArrayList<>();
        long[] y = f.get(0).clone();
        if ("concat".equals(mergeMode)) {
            y[y.length - 1] = y[y.length - 1] + b.get(0)[y.length - 1];
            out.add(y);
        } else if (mergeMode == null) {
            out.add(y);
            out.add(b.get(0).clone());
        } else {
            out.add(y);
        }
        out.addAll(f.subList(1, f.size()));
        out.addAll(b.subList(1, b.size()));
        return out;
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        return call(inputs, null, training);
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, List<INDArray> masks, boolean training) {
        List<INDArray> m = masks == null ? null : Collections.singletonList(masks.get(0));
        List<Tensor> f = forward.callOn(partOf(inputs, false), m, training);
        List<Tensor> b = backward.callOn(partOf(inputs, true), m, training);
        Tensor yf = f.get(0);
        Tensor yb = b.get(0);
        if (yb.rank() == 3) {
            yb = RecurrentOps.reverse(yb, 1);
        }
        List<Tensor> out = new ArrayList<>();
        if (mergeMode == null) {
            out.add(yf);
            out.add(yb);
        } else {
            out.add(switch (mergeMode) {
                case "concat" -> Tensor.concat(-1, yf, yb);
                case "sum" -> yf.add(yb);
                case "mul" -> yf.mul(yb);
                default -> yf.add(yb).mul(0.5);
            });
        }
        out.addAll(f.subList(1, f.size()));
        out.addAll(b.subList(1, b.size()));
        return out;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    /** With {@code return_sequences} the input mask, on each sequence output; none on states. */
    @Override
    public List<INDArray> computeMask(List<Tensor> inputs, List<INDArray> inputMasks) {
        List<INDArray> fm = forward.computeMask(inputs.subList(0, 1), inputMasks == null ? null
                : Collections.singletonList(inputMasks.get(0)));
        INDArray m = fm.isEmpty() ? null : fm.get(0);
        List<INDArray> out = new ArrayList<>();
        out.add(m);
        if (mergeMode == null) {
            out.add(m);
        }
        return out;
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        requireLayer();
        c.put("layer", layerConfig);
        c.put("merge_mode", mergeMode);
        if (backwardConfig != null) {
            c.put("backward_layer", backwardConfig);
        }
    }

    @Override
    protected void readConfig(Config c) {
        Map<String, Object> spec = c.getMap("layer");
        Layer probe = deserialize(c, "layer", spec);
        recurrent(probe, "layer");
        Map<String, Object> back = c.getMap("backward_layer");
        backwardConfig = null;
        Maker fromRegistry = (cls, config) -> c.registries().layers().create(cls, config);
        setLayer(spec, fromRegistry);
        if (back != null) {
            recurrent(deserialize(c, "backward_layer", back), "backward_layer");
            setBackward(back, fromRegistry);
        }
        mergeMode(c.has("merge_mode") ? c.getString("merge_mode", null) : "concat");
        // Keras writes these only when constants are used; none here.
        c.ignore("num_constants");
    }
}
