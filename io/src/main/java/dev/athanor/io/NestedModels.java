package dev.athanor.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Models nested inside a Keras 3 model (a Sequential or functional model used as a layer), loaded
 * by splicing their layers into the outer model: Athanor's models are not layers, so a nested
 * model becomes the layers it holds, wired to the tensors the nested model was called on, and
 * every reference to the nested model's outputs is redirected to the layers that produce them.
 * The math is the same; the loaded model is flat (its summary lists the inner layers, and saving
 * it writes a flat model, which Keras loads and predicts the same).
 *
 * <p>Supported: a nested Sequential in a Sequential or functional model, a nested functional
 * model in a functional model, at any depth, each called once. Refused with a message naming the
 * nested model: one called more than once (shared weights across calls), a functional model
 * inside a Sequential one, and input/output counts that do not match the call.
 *
 * <p>Works on configs already in Keras 2's dialect ({@link Keras3Configs} translates each level);
 * one instance serves one container (one level of nesting) and holds its redirections.
 */
final class NestedModels {

    private final boolean sequential;
    /** {@code layer \0 node \0 tensor} of a nested model's output -> the reference that replaces it. */
    private final Map<String, List<Object>> redirect = new HashMap<>();

    /** For the container being translated; {@code sequential} when it is a Sequential model. */
    NestedModels(boolean sequential) {
        this.sequential = sequential;
    }

    /**
     * The group name of each layer entry of a container under its {@code layers/} in Keras 3's
     * weights file (snake_case class name, numbered within the container); null for a
     * Sequential's InputLayer, which is not among its layers.
     */
    static List<String> groupNames(List<Object> entries, boolean sequential) {
        Map<String, Integer> used = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (Object o : entries) {
            Object cls = o instanceof Map<?, ?> m ? m.get("class_name") : null;
            if (sequential && "InputLayer".equals(cls)) {
                out.add(null);
                continue;
            }
            String base = Keras3Weights.snakeCase(String.valueOf(cls));
            Integer n = used.get(base);
            used.put(base, n == null ? 0 : n + 1);
            out.add(n == null ? base : base + "_" + (n + 1));
        }
        return out;
    }

    /** A translated (Keras 2 dialect) layer entry's inbound references, redirected where they read a nested model. */
    void rewrite(Map<String, Object> entry) {
        if (entry.get("inbound_nodes") instanceof List<?> nodes) {
            List<Object> out = new ArrayList<>();
            for (Object node : nodes) {
                out.add(rewriteNode(Keras3Configs.list(node, "an inbound node")));
            }
            entry.put("inbound_nodes", out);
        }
    }

    /** A model's {@code input_layers} / {@code output_layers} (one reference or a list of them), redirected. */
    Object rewriteRefs(Object refs) {
        List<Object> l = Keras3Configs.list(refs, "input or output layers");
        if (!l.isEmpty() && l.get(0) instanceof String) {
            return ref(l, false);
        }
        List<Object> out = new ArrayList<>();
        for (Object r : l) {
            out.add(ref(Keras3Configs.list(r, "a tensor reference"), false));
        }
        return out;
    }

    private List<Object> rewriteNode(List<Object> node) {
        List<Object> out = new ArrayList<>();
        for (Object r : node) {
            out.add(ref(Keras3Configs.list(r, "a tensor reference"), true));
        }
        return out;
    }

    /** {@code [layer, node, tensor(, kwargs)]}, replaced when it reads a spliced nested model. */
    private List<Object> ref(List<Object> r, boolean withKwargs) {
        List<Object> to = redirect.get(key(r));
        if (to == null) {
            return r;
        }
        List<Object> out = new ArrayList<>(to.subList(0, 3));
        if (withKwargs) {
            out.add(r.size() > 3 ? r.get(3) : new LinkedHashMap<>());
        }
        return out;
    }

    private static String key(List<Object> r) {
        return r.get(0) + "\0" + ((Number) r.get(1)).longValue() + "\0" + ((Number) r.get(2)).longValue();
    }

    /**
     * Splices the nested model {@code entry} (Keras 3 dialect, as the outer config holds it; its
     * own config already translated to {@code inner}) into {@code out}, the outer layer list.
     */
    void splice(Map<String, Object> entry, Map<String, Object> inner, List<Object> out) {
        Map<String, Object> innerConfig = Keras3Configs.map(inner.get("config"), "nested model config");
        String name = String.valueOf(entry.get("name") != null ? entry.get("name") : innerConfig.get("name"));
        boolean innerSequential = "Sequential".equals(inner.get("class_name"));
        boolean frozen = entry.get("config") instanceof Map<?, ?> c && Boolean.FALSE.equals(c.get("trainable"));
        List<Object> layers = Keras3Configs.list(innerConfig.get("layers"), "nested model layers");
        if (sequential) {
            if (!innerSequential) {
                throw new IllegalArgumentException("layer '" + name + "' is a functional model nested in a Sequential"
                        + " model, which Athanor does not load (it loads nested Sequential models there, and nested"
                        + " models of either kind inside functional models). Use a functional outer model in Keras"
                        + " and save again.");
            }
            for (Object o : layers) {
                Map<String, Object> e = Keras3Configs.map(o, "layer");
                if ("InputLayer".equals(e.get("class_name")) && !out.isEmpty()) {
                    continue; // the outer model already has its input
                }
                out.add(freeze(e, frozen));
            }
            return;
        }
        List<Object> calls = Keras3Configs.inboundNodes(name, entry.get("inbound_nodes") == null ? List.of()
                : Keras3Configs.list(entry.get("inbound_nodes"), "inbound_nodes"));
        if (calls.size() != 1) {
            throw new IllegalArgumentException("the nested model '" + name + "' is called " + calls.size() + " times;"
                    + " Athanor loads a nested model by splicing its layers into the outer model, which works for a"
                    + " nested model called exactly once");
        }
        List<Object> args = rewriteNode(Keras3Configs.list(calls.get(0), "inbound node"));
        if (innerSequential) {
            if (args.size() != 1) {
                throw new IllegalArgumentException("the nested Sequential model '" + name + "' is called on "
                        + args.size() + " tensors; a Sequential model takes one");
            }
            List<Object> prev = Keras3Configs.list(args.get(0), "tensor reference");
            for (Object o : layers) {
                Map<String, Object> e = new LinkedHashMap<>(Keras3Configs.map(o, "layer"));
                if ("InputLayer".equals(e.get("class_name"))) {
                    continue;
                }
                String layer = String.valueOf(Keras3Configs.map(e.get("config"), "layer config").get("name"));
                e.put("name", layer);
                e.put("inbound_nodes", List.of(List.of(prev)));
                out.add(freeze(e, frozen));
                prev = new ArrayList<>(List.of(layer, 0, 0, new LinkedHashMap<>()));
            }
            redirect.put(name + "\0" + 0 + "\0" + 0, prev);
            return;
        }
        List<Object> ins = refList(innerConfig.get("input_layers"));
        List<Object> outs = refList(innerConfig.get("output_layers"));
        if (ins.size() != args.size()) {
            throw new IllegalArgumentException("the nested model '" + name + "' has " + ins.size() + " inputs but is"
                    + " called on " + args.size() + " tensors");
        }
        NestedModels inside = new NestedModels(false);
        for (int k = 0; k < ins.size(); k++) {
            inside.redirect.put(key(Keras3Configs.list(ins.get(k), "input reference")),
                    Keras3Configs.list(args.get(k), "tensor reference"));
        }
        for (Object o : layers) {
            Map<String, Object> e = new LinkedHashMap<>(Keras3Configs.map(o, "layer"));
            if ("InputLayer".equals(e.get("class_name")) && inside.redirect.containsKey(e.get("name") + "\0" + 0
                    + "\0" + 0)) {
                continue; // replaced by the tensor the nested model was called on
            }
            inside.rewrite(e);
            out.add(freeze(e, frozen));
        }
        for (int k = 0; k < outs.size(); k++) {
            List<Object> o = inside.ref(Keras3Configs.list(outs.get(k), "output reference"), false);
            List<Object> to = new ArrayList<>(o.subList(0, 3));
            to.add(new LinkedHashMap<>());
            redirect.put(name + "\0" + 0 + "\0" + k, to);
        }
    }

    /** One reference or a list of them, as a list. */
    private static List<Object> refList(Object refs) {
        List<Object> l = Keras3Configs.list(refs, "input or output layers");
        return !l.isEmpty() && l.get(0) instanceof String ? List.of(l) : l;
    }

    /** A frozen nested model (trainable = false) freezes every layer it holds, as in Keras. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> freeze(Map<String, Object> e, boolean frozen) {
        if (frozen && e.get("config") instanceof Map<?, ?> c) {
            Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) c);
            config.put("trainable", false);
            Map<String, Object> copy = new LinkedHashMap<>(e);
            copy.put("config", config);
            return copy;
        }
        return e;
    }
}
