package dev.athanor.io;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Call arguments that Keras 3 records in a functional model's nodes and Athanor supplies itself.
 *
 * <p>{@code training}: Keras records the flag a layer was called with while the model was built
 * ({@code false} for Dropout, LSTM, ...); when the model runs, Keras's functional call replaces it with
 * the run's own flag (keras/src/models/functional.py, {@code operation_fn}), so a recorded boolean or
 * null changes nothing and is dropped. Athanor passes the run's flag the same way.
 *
 * <p>{@code mask}: Keras 3 records the Keras masks of a functional model in its config: a layer that creates a mask
 * ({@code Embedding(mask_zero=True)}, {@code Masking}) has it computed by {@code keras.ops} operations
 * ({@code not_equal}, {@code any}, ...; and merges combine masks with {@code logical_or}, ...), which
 * the config lists as operation nodes ({@code module: keras.src.ops.numpy}), and every layer that
 * receives a mask gets it as the call argument {@code mask=} referencing them. Athanor propagates Keras
 * masks through its graph itself, by the same rules (core's {@code Layer.computeMask}), so these
 * recorded computations are redundant: this drops the {@code mask} arguments that reference them and
 * then the operation nodes nothing else references.
 *
 * <p>Only what Keras computed from its own mask sources is dropped: every tensor the operations start
 * from must be the input of an {@code Embedding} with {@code mask_zero} or of a {@code Masking} layer
 * (or the output of such a layer), apart from operations that read only a tensor's shape
 * ({@code zeros_like}, {@code ones_like}, which Concatenate's mask rule applies to its inputs). A mask computed some other way, or an operation node used by a
 * layer as data, is left in place and refused later with the usual error naming it.
 */
final class Keras3CallArguments {

    private static final String OPS_MODULE = "keras.src.ops";

    /** Operations whose result depends on their input's shape only (Concatenate's mask rule uses them). */
    private static final Set<String> SHAPE_ONLY = Set.of("ZerosLike", "OnesLike");

    private Keras3CallArguments() {
    }

    /**
     * The Keras 3 model object ({@code {class_name, config: {layers, ...}}}) without recorded training
     * flags and mask computations; the object itself when it has none (Sequential models never do).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withoutRecorded(Map<String, Object> top) {
        if (!(top.get("config") instanceof Map<?, ?> cfg) || !(cfg.get("layers") instanceof List<?> entries)) {
            return top;
        }
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        Set<String> ops = new HashSet<>();
        for (Object o : entries) {
            if (o instanceof Map<?, ?> m && m.get("name") instanceof String n) {
                byName.put(n, (Map<String, Object>) m);
                if (m.get("module") instanceof String mod && mod.startsWith(OPS_MODULE)) {
                    ops.add(n);
                }
            }
        }
        Set<String> maskSources = maskSourceTensors(byName);
        List<Object> newEntries = new ArrayList<>();
        boolean changed = false;
        for (Object o : entries) {
            if (o instanceof Map<?, ?> m && m.get("name") instanceof String n && !ops.contains(n)
                    && m.get("inbound_nodes") instanceof List<?> nodes) {
                List<Object> newNodes = new ArrayList<>();
                for (Object node : nodes) {
                    if (!(node instanceof Map<?, ?> nm) || !(nm.get("kwargs") instanceof Map<?, ?> kw)) {
                        newNodes.add(node);
                        continue;
                    }
                    Map<String, Object> kwCopy = new LinkedHashMap<>((Map<String, Object>) kw);
                    if (kwCopy.containsKey("training") && (kwCopy.get("training") == null
                            || kwCopy.get("training") instanceof Boolean)) {
                        kwCopy.remove("training");
                    }
                    if (kwCopy.get("mask") != null && recordedMask(kwCopy.get("mask"), ops, byName, maskSources)) {
                        kwCopy.remove("mask");
                    }
                    if (kwCopy.size() == kw.size()) {
                        newNodes.add(node);
                        continue;
                    }
                    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) nm);
                    copy.put("kwargs", kwCopy);
                    newNodes.add(copy);
                    changed = true;
                }
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
                copy.put("inbound_nodes", newNodes);
                newEntries.add(copy);
            } else {
                newEntries.add(o);
            }
        }
        if (!changed) {
            return top;
        }
        if (!ops.isEmpty()) {
            newEntries = withoutUnusedOps(newEntries, ops, cfg.get("output_layers"));
        }
        Map<String, Object> newCfg = new LinkedHashMap<>((Map<String, Object>) cfg);
        newCfg.put("layers", newEntries);
        Map<String, Object> out = new LinkedHashMap<>(top);
        out.put("config", newCfg);
        return out;
    }

    /** The tensors Keras makes masks from: inputs and outputs of Embedding(mask_zero) and Masking layers. */
    private static Set<String> maskSourceTensors(Map<String, Map<String, Object>> byName) {
        Set<String> out = new HashSet<>();
        for (Map.Entry<String, Map<String, Object>> e : byName.entrySet()) {
            Map<String, Object> m = e.getValue();
            Object cls = m.get("class_name");
            boolean source = "Masking".equals(cls) || "Embedding".equals(cls) && m.get("config") instanceof Map<?, ?> c
                    && Boolean.TRUE.equals(c.get("mask_zero"));
            if (!source || !(m.get("inbound_nodes") instanceof List<?> nodes)) {
                continue;
            }
            for (int k = 0; k < nodes.size(); k++) {
                out.add(e.getKey() + "/" + k + "/0");
                if (nodes.get(k) instanceof Map<?, ?> nm) {
                    List<List<?>> refs = new ArrayList<>();
                    refs(nm.get("args"), refs);
                    for (List<?> r : refs) {
                        out.add(key(r));
                    }
                }
            }
        }
        return out;
    }

    /** Whether every tensor in {@code mask} comes from operations rooted only in Keras's mask sources. */
    private static boolean recordedMask(Object mask, Set<String> ops, Map<String, Map<String, Object>> byName,
                                        Set<String> sources) {
        List<List<?>> refs = new ArrayList<>();
        refs(mask, refs);
        if (refs.isEmpty()) {
            return false;
        }
        for (List<?> r : refs) {
            if (!rooted(r, ops, byName, sources, new HashMap<>(), 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean rooted(List<?> ref, Set<String> ops, Map<String, Map<String, Object>> byName,
                                  Set<String> sources, Map<String, Boolean> seen, int depth) {
        String producer = String.valueOf(ref.get(0));
        if (!ops.contains(producer)) {
            return sources.contains(key(ref));
        }
        if (depth > 64) {
            return false;
        }
        Boolean known = seen.get(producer);
        if (known != null) {
            return known;
        }
        seen.put(producer, false);
        Map<String, Object> op = byName.get(producer);
        if (SHAPE_ONLY.contains(op.get("class_name"))) {
            seen.put(producer, true);
            return true;
        }
        boolean ok = op.get("inbound_nodes") instanceof List<?> nodes && !nodes.isEmpty();
        if (ok) {
            for (Object node : (List<?>) op.get("inbound_nodes")) {
                List<List<?>> refs = new ArrayList<>();
                if (node instanceof Map<?, ?> nm) {
                    refs(nm.get("args"), refs);
                    refs(nm.get("kwargs"), refs);
                }
                ok &= !refs.isEmpty();
                for (List<?> r : refs) {
                    ok &= rooted(r, ops, byName, sources, seen, depth + 1);
                }
            }
        }
        seen.put(producer, ok);
        return ok;
    }

    /** The operation nodes still referenced by a node or an output, the rest dropped (to a fixpoint). */
    private static List<Object> withoutUnusedOps(List<Object> entries, Set<String> ops, Object outputs) {
        List<Object> current = entries;
        while (true) {
            Set<String> used = new HashSet<>();
            List<List<?>> outRefs = new ArrayList<>();
            refs(outputs, outRefs);
            outRefs.forEach(r -> used.add(String.valueOf(r.get(0))));
            for (Object o : current) {
                if (o instanceof Map<?, ?> m && m.get("inbound_nodes") instanceof List<?> nodes) {
                    List<List<?>> refs = new ArrayList<>();
                    for (Object node : nodes) {
                        if (node instanceof Map<?, ?> nm) {
                            refs(nm.get("args"), refs);
                            refs(nm.get("kwargs"), refs);
                        }
                    }
                    refs.forEach(r -> used.add(String.valueOf(r.get(0))));
                }
            }
            List<Object> next = new ArrayList<>();
            for (Object o : current) {
                if (o instanceof Map<?, ?> m && ops.contains(m.get("name")) && !used.contains(m.get("name"))) {
                    continue;
                }
                next.add(o);
            }
            if (next.size() == current.size()) {
                return next;
            }
            current = next;
        }
    }

    /** Collects the {@code keras_history} references ({@code [layer, node, tensor]}) inside a node's arguments. */
    private static void refs(Object o, List<List<?>> out) {
        if (o instanceof List<?> l) {
            if (l.size() == 3 && l.get(0) instanceof String && l.get(1) instanceof Number && l.get(2) instanceof Number) {
                out.add(l); // a Keras 2 style reference (outputs lists)
                return;
            }
            for (Object e : l) {
                refs(e, out);
            }
        } else if (o instanceof Map<?, ?> m) {
            if ("__keras_tensor__".equals(m.get("class_name")) && m.get("config") instanceof Map<?, ?> c
                    && c.get("keras_history") instanceof List<?> h && h.size() == 3) {
                out.add(h);
                return;
            }
            for (Object v : m.values()) {
                refs(v, out);
            }
        }
    }

    private static String key(List<?> ref) {
        return ref.get(0) + "/" + ((Number) ref.get(1)).intValue() + "/" + ((Number) ref.get(2)).intValue();
    }
}
