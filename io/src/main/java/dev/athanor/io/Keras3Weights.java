package dev.athanor.io;

import dev.athanor.core.Model;
import dev.athanor.core.Optimizer;
import dev.athanor.core.Variable;
import dev.athanor.core.WeightsLoadReport;
import dev.athanor.core.layers.Layer;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras 3's weights layout ({@code model.weights.h5} inside a {@code .keras} file, and
 * {@code .weights.h5} files): variables stored by object path rather than by name.
 *
 * <pre>
 * layers/&lt;snake_case class name, deduplicated as dense, dense_1, ...&gt;/vars/0, 1, ...
 * layers/lstm/cell/vars/0..2            (recurrent layers keep theirs in the cell)
 * layers/bidirectional/forward_layer/cell/vars/..., backward_layer/...
 * layers/time_distributed/layer/vars/...
 * optimizer/vars/0 (iterations), 1 (learning rate), then the slots in Keras 3's order
 * vars                                   (the model's own, none for Sequential/Functional)
 * </pre>
 *
 * A Sequential model's InputLayer is not in {@code model.layers} and has no group; a functional
 * model's InputLayers do ({@code input_layer}, {@code input_layer_1}, ... without variables).
 */
final class Keras3Weights {

    /**
     * Child groups of a layer in the order Keras 3 lists their variables in {@code layer.weights}; the file
     * holds them sorted by name, MultiHeadAttention's as key_dense, output_dense, query_dense, value_dense
     * (and {@code _gate_dense}, a private attribute Keras's saver visits last, with {@code use_gate}).
     */
    private static final List<String> CHILD_ORDER = List.of("cell", "forward_layer", "backward_layer", "layer",
            "query_dense", "key_dense", "_gate_dense", "value_dense", "output_dense");
    /** MultiHeadAttention's projections (Athanor's variable names) and Keras 3's sub-layer groups for them. */
    private static final Map<String, String> MHA_GROUPS = Map.of("query", "query_dense", "key", "key_dense",
            "gate", "_gate_dense", "value", "value_dense", "attention_output", "output_dense");

    private Keras3Weights() {
    }

    /** Keras's {@code naming.to_snake_case} of a class name: {@code Conv2D -> conv2d}, {@code LSTM -> lstm}. */
    static String snakeCase(String className) {
        String s = className.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** Each layer's group name under {@code layers/}, in model order. */
    static List<String> groupNames(List<Layer> layers) {
        Map<String, Integer> used = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (Layer l : layers) {
            String base = snakeCase(l.registryName());
            Integer n = used.get(base);
            if (n == null) {
                used.put(base, 0);
                out.add(base);
            } else {
                used.put(base, n + 1);
                out.add(base + "_" + (n + 1));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ reading

    /** Whether {@code root} is in Keras 3's object-path layout. */
    static boolean isKeras3Layout(Group root) {
        return H5Reading.group(root, "layers") != null && H5Reading.attribute(root, "layer_names") == null;
    }

    /**
     * Loads the layers' weights from Keras 3's layout. Layers are matched by position in
     * {@code model.layers} (Keras 3's rule); a layer whose variable count or shapes differ fails,
     * or is skipped and reported when {@code skipMismatch}. {@code paths} (null unless the file's
     * model nested models, see {@link NestedModels}) gives each layer's group by layer name, e.g.
     * {@code layers/sequential/layers/dense}.
     */
    static WeightsLoadReport read(Model model, Group root, H5Reading r, boolean skipMismatch,
                                  Map<String, String> paths) throws ModelFileException {
        Group layersGroup = H5Reading.group(root, "layers");
        if (layersGroup == null) {
            throw r.error("the group 'layers' is missing: this is not a Keras 3 weights file");
        }
        List<Layer> layers = model.layers();
        List<String> names = groupNames(layers);
        if (paths != null) {
            names = new ArrayList<>();
            for (Layer l : layers) {
                String p = paths.get(l.name());
                names.add(p == null ? "" : p.substring("layers/".length()));
            }
        }
        List<String> tops = names.stream().map(n -> n.contains("/") ? n.substring(0, n.indexOf('/')) : n).toList();
        List<String> loaded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        Map<Variable, INDArray> assign = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            List<Variable> vars = layer.variables();
            Group g = groupAt(layersGroup, names.get(i));
            List<INDArray> values = new ArrayList<>();
            if (g != null) {
                collect(g, "layers/" + names.get(i), r, values);
            }
            if (vars.isEmpty() && values.isEmpty()) {
                continue;
            }
            if (g == null) {
                String msg = "layer '" + layer.name() + "' (" + layer.registryName() + ") has " + vars.size()
                        + " weights but the file has no group layers/" + names.get(i);
                if (!skipMismatch) {
                    throw r.error(msg + " (was the file saved from a different model?)");
                }
                missing.add(layer.name());
                mismatches.add(msg);
                continue;
            }
            String problem = null;
            if (values.size() != vars.size()) {
                problem = "layer '" + layer.name() + "' (" + layer.registryName() + ") expects " + vars.size()
                        + " weights but the file's layers/" + names.get(i) + " holds " + values.size();
            } else {
                for (int k = 0; k < vars.size() && problem == null; k++) {
                    long[] want = vars.get(k).value().shape();
                    long[] got = values.get(k).shape();
                    if (!Arrays.equals(want, got)) {
                        problem = "layer '" + layer.name() + "' weight '" + vars.get(k).name() + "' has shape "
                                + Arrays.toString(want) + " but the file's variable " + k + " of layers/"
                                + names.get(i) + " has shape " + Arrays.toString(got);
                    }
                }
            }
            if (problem != null) {
                if (!skipMismatch) {
                    throw r.error(problem + " (pass skipMismatch to skip such layers)");
                }
                mismatches.add(problem);
                continue;
            }
            for (int k = 0; k < vars.size(); k++) {
                assign.put(vars.get(k), values.get(k));
            }
            loaded.add(layer.name());
        }
        for (Map.Entry<String, Node> e : layersGroup.getChildren().entrySet()) {
            if (!tops.contains(e.getKey()) && e.getValue() instanceof Group g) {
                List<INDArray> extra = new ArrayList<>();
                collect(g, "layers/" + e.getKey(), r, extra);
                if (!extra.isEmpty()) {
                    unexpected.add(e.getKey());
                }
            }
        }
        if (!unexpected.isEmpty() && !skipMismatch) {
            throw r.error("the file has weights for layers " + unexpected + " that the model does not have (the model"
                    + " has " + layers.size() + " layers: " + names + ")");
        }
        for (Map.Entry<Variable, INDArray> e : assign.entrySet()) {
            e.getKey().assign(e.getValue().castTo(e.getKey().value().dataType()));
        }
        return new WeightsLoadReport(loaded, missing, unexpected, mismatches);
    }

    /** The group at a '/'-separated path below {@code g}, or null. */
    private static Group groupAt(Group g, String path) {
        Group at = g;
        for (String part : path.split("/")) {
            at = at == null || part.isEmpty() ? null : H5Reading.group(at, part);
        }
        return at;
    }

    /** The variables stored under {@code g}: its own {@code vars/0..n-1}, then its children's. */
    private static void collect(Group g, String path, H5Reading r, List<INDArray> out) throws ModelFileException {
        out.addAll(vars(g, path, r));
        List<String> children = new ArrayList<>();
        for (String c : CHILD_ORDER) {
            if (H5Reading.group(g, c) != null) {
                children.add(c);
            }
        }
        for (String c : new java.util.TreeSet<>(g.getChildren().keySet())) {
            if (!c.equals("vars") && !children.contains(c) && H5Reading.group(g, c) != null) {
                children.add(c);
            }
        }
        for (String c : children) {
            collect(H5Reading.group(g, c), path + "/" + c, r, out);
        }
    }

    /** The datasets {@code vars/0 .. vars/n-1} of a group (none when it has no {@code vars}). */
    static List<INDArray> vars(Group g, String path, H5Reading r) throws ModelFileException {
        Group vars = H5Reading.group(g, "vars");
        List<INDArray> out = new ArrayList<>();
        if (vars == null) {
            return out;
        }
        Map<String, Node> children = vars.getChildren();
        for (int i = 0; i < children.size(); i++) {
            Node n = children.get(String.valueOf(i));
            if (!(n instanceof Dataset d)) {
                throw r.error(path + "/vars holds " + children.size() + " entries " + new java.util.TreeSet<>(
                        children.keySet()) + " but no dataset '" + i + "' (Keras numbers variables 0, 1, ...)");
            }
            out.add(r.toArray(d, path + "/vars/" + i));
        }
        return out;
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes the layers' variables in Keras 3's layout. Keras also writes an empty {@code vars}
     * group (named by an attribute) for each weightless layer and for the model itself; they are
     * left out here because jhdf 0.13 writes a corrupt file (an unreadable object header, for h5py
     * too) when an empty group follows groups holding datasets. Keras reads a missing group as
     * "no variables" ({@code H5IOStore.get} defaults to an empty entry), so the files load the same.
     */
    static void write(WritableGroup root, Model model) {
        List<Layer> layers = model.layers();
        List<String> names = groupNames(layers);
        WritableGroup lg = root.putGroup("layers");
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            List<Variable> vars = l.variables();
            if (vars.isEmpty()) {
                continue;
            }
            WritableGroup g = lg.putGroup(names.get(i));
            List<String> paths = variablePaths(l);
            if (paths.size() != vars.size()) {
                throw new IllegalStateException("layer '" + l.name() + "' (" + l.registryName() + ") has "
                        + vars.size() + " weights, which Keras 3's layout for it does not describe");
            }
            Map<String, Integer> counters = new HashMap<>();
            for (int k = 0; k < vars.size(); k++) {
                String sub = paths.get(k);
                int index = counters.merge(sub, 1, Integer::sum) - 1;
                WritableGroup target = g;
                for (String part : sub.isEmpty() ? new String[0] : sub.split("/")) {
                    target = target.getChild(part) instanceof WritableGroup w ? w : target.putGroup(part);
                }
                boolean fresh = !(target.getChild("vars") instanceof WritableGroup);
                WritableGroup vg = fresh ? target.putGroup("vars") : (WritableGroup) target.getChild("vars");
                if (fresh) {
                    vg.putAttribute("name", sub.isEmpty() ? l.name() : sub.substring(sub.lastIndexOf('/') + 1));
                }
                vg.putDataset(String.valueOf(index), H5Writing.javaArray(vars.get(k).value(), l.name()));
            }
        }
    }

    /**
     * Where each of a layer's variables lives below its group ("" for its own {@code vars}):
     * recurrent layers keep theirs in {@code cell}, Bidirectional in {@code forward_layer/...}
     * then {@code backward_layer/...}, TimeDistributed in {@code layer}.
     */
    private static List<String> variablePaths(Layer l) {
        int n = l.variables().size();
        List<String> out = new ArrayList<>();
        String cls = l.registryName();
        switch (cls) {
            case "LSTM", "GRU", "SimpleRNN" -> repeat(out, "cell", n);
            case "Bidirectional" -> {
                repeat(out, "forward_layer/cell", n / 2);
                repeat(out, "backward_layer/cell", n - n / 2);
            }
            case "TimeDistributed" -> repeat(out, "layer", n);
            case "MultiHeadAttention" -> {
                // Keras 3 keeps each projection in its own EinsumDense sub-layer (query_dense, ...).
                for (Variable v : l.variables()) {
                    String[] parts = v.name().split("/");
                    String group = parts.length < 2 ? null : MHA_GROUPS.get(parts[parts.length - 2]);
                    if (group == null) {
                        throw new IllegalStateException("MultiHeadAttention '" + l.name() + "': variable '"
                                + v.name() + "' is not one of Keras 3's projections " + MHA_GROUPS.keySet());
                    }
                    out.add(group);
                }
            }
            default -> repeat(out, "", n);
        }
        return out;
    }

    private static void repeat(List<String> out, String s, int n) {
        for (int i = 0; i < n; i++) {
            out.add(s);
        }
    }

    // ------------------------------------------------------------------ optimizer state

    /** Optimizers whose first two slot kinds Keras 3 interleaves per variable (m0, v0, m1, v1, ...). */
    private static final List<String> INTERLEAVED = List.of("Adam", "AdamW", "Adamax", "Nadam", "Adadelta");
    /** Optimizer-wide variables Keras 3 appends after the slots (Nadam's u_product). */
    private static final Map<String, Integer> TRAILING = Map.of("Nadam", 1);

    /**
     * Keras 3's optimizer variables ({@code iterations, learning_rate, slots..., extras}) in
     * Athanor's order ({@code iterations, optimizer-wide weights, one block per slot kind}); the
     * learning rate goes to {@code learningRate[0]} (null when a schedule drives it).
     */
    static List<INDArray> optimizerFromKeras3(String optimizer, List<INDArray> k3, int params, boolean schedule,
                                              INDArray[] learningRate) {
        int head = schedule ? 1 : 2;
        int trailing = TRAILING.getOrDefault(optimizer, 0);
        int slots = k3.size() - head - trailing;
        if (k3.isEmpty() || slots < 0 || (params == 0 ? slots != 0 : slots % params != 0)) {
            throw new IllegalArgumentException(k3.size() + " optimizer variables do not fit " + params
                    + " trainable variables for a Keras 3 " + optimizer);
        }
        int kinds = params == 0 ? 0 : slots / params;
        learningRate[0] = schedule ? null : k3.get(1);
        List<INDArray> out = new ArrayList<>();
        out.add(k3.get(0));
        out.addAll(k3.subList(head + slots, k3.size()));
        List<INDArray> body = k3.subList(head, head + slots);
        for (int kind = 0; kind < kinds; kind++) {
            for (int p = 0; p < params; p++) {
                out.add(body.get(keras3Index(optimizer, kinds, kind, p, params)));
            }
        }
        return out;
    }

    /** Athanor's optimizer state in Keras 3's order (the inverse of {@link #optimizerFromKeras3}). */
    static List<INDArray> optimizerToKeras3(String optimizer, List<INDArray> athanor, int params, INDArray lr) {
        int trailing = TRAILING.getOrDefault(optimizer, 0);
        int slots = athanor.size() - 1 - trailing;
        int kinds = params == 0 ? 0 : slots / params;
        INDArray[] body = new INDArray[slots];
        for (int kind = 0; kind < kinds; kind++) {
            for (int p = 0; p < params; p++) {
                body[keras3Index(optimizer, kinds, kind, p, params)] = athanor.get(1 + trailing + kind * params + p);
            }
        }
        List<INDArray> out = new ArrayList<>();
        out.add(athanor.get(0).castTo(DataType.LONG));
        if (lr != null) {
            out.add(lr);
        }
        out.addAll(Arrays.asList(body));
        out.addAll(athanor.subList(1, 1 + trailing));
        return out;
    }

    /** Index within Keras 3's slot list of slot {@code kind} of parameter {@code p}. */
    private static int keras3Index(String optimizer, int kinds, int kind, int p, int params) {
        if (INTERLEAVED.contains(optimizer) && kinds >= 2) {
            if (kind < 2) {
                return 2 * p + kind;
            }
            return 2 * params + (kind - 2) * params + p;
        }
        return kind * params + p;
    }

    /** A learning rate as Keras 3 stores it (a float32 scalar). */
    static INDArray learningRateScalar(Optimizer opt) {
        return Nd4j.scalar((float) opt.learningRate());
    }
}
