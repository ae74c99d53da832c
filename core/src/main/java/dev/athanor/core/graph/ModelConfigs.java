package dev.athanor.core.graph;

import dev.athanor.core.Internal;

import dev.athanor.core.Model;
import dev.athanor.core.Sequential;
import dev.athanor.core.Tensor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.athanor.core.layers.InputLayer;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.registry.Registries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's model_config: a model to {@code {"class_name", "config"}} and back, as JSON or YAML.
 * Reads Sequential as a bare list (Keras 2.1) or {@code {name, layers}} (with or without an
 * InputLayer entry), and functional models as {@code Model} or {@code Functional}. Only registered
 * layers are instantiated; a Lambda layer (Python bytecode) is refused.
 */
public final class ModelConfigs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ModelConfigs() {
    }

    // ------------------------------------------------------------------ writing

    @Internal public static Map<String, Object> toConfig(Model model) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", model.className());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", model.name());
        List<Object> layers = new ArrayList<>();
        if (model instanceof Sequential seq) {
            if (seq.inputLayer() != null) {
                layers.add(layerEntry(seq.inputLayer()));
            }
            for (Layer l : seq.layers()) {
                layers.add(layerEntry(l));
            }
            config.put("layers", layers);
        } else {
            Map<Node, Integer> relative = relativeNodeIndices(model);
            for (Layer l : model.layers()) {
                Map<String, Object> e = layerEntry(l);
                e.put("name", l.name());
                List<Object> inbound = new ArrayList<>();
                for (Node n : model.nodes()) {
                    if (n.layer() != l || n.inputs().isEmpty()) {
                        continue;
                    }
                    List<Object> args = new ArrayList<>();
                    for (Tensor in : n.inputs()) {
                        Node p = Node.producerOf(in);
                        args.add(new ArrayList<>(List.of(p.layer().name(), relative.get(p), Node.outputIndexOf(in),
                                new LinkedHashMap<>())));
                    }
                    inbound.add(args);
                }
                e.put("inbound_nodes", inbound);
                layers.add(e);
            }
            config.put("layers", layers);
            config.put("input_layers", refs(model.inputs(), relative));
            config.put("output_layers", refs(model.outputs(), relative));
        }
        out.put("config", config);
        return out;
    }

    private static Map<String, Object> layerEntry(Layer l) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("class_name", l.registryName());
        e.put("config", l.config());
        return e;
    }

    private static Map<Node, Integer> relativeNodeIndices(Model model) {
        Map<Node, Integer> out = new IdentityHashMap<>();
        Map<Layer, Integer> counts = new IdentityHashMap<>();
        for (Layer l : model.layers()) {
            for (Node n : l.inboundNodes()) {
                if (model.nodes().contains(n)) {
                    int k = counts.merge(l, 1, Integer::sum) - 1;
                    out.put(n, k);
                }
            }
        }
        return out;
    }

    private static List<Object> refs(List<Tensor> tensors, Map<Node, Integer> relative) {
        List<Object> out = new ArrayList<>();
        for (Tensor t : tensors) {
            Node p = Node.producerOf(t);
            out.add(new ArrayList<>(List.of(p.layer().name(), relative.get(p), Node.outputIndexOf(t))));
        }
        return out;
    }

    @Internal public static String toJson(Model model) {
        try {
            return JSON.writeValueAsString(toConfig(model));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Model config is not JSON-serializable: " + e.getMessage(), e);
        }
    }

    @Internal public static String toYaml(Model model) {
        try {
            return YAML.writeValueAsString(toConfig(model));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Model config is not YAML-serializable: " + e.getMessage(), e);
        }
    }

    /** Parses JSON text into a config map. */
    public static Map<String, Object> parseJson(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The model JSON is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Parses YAML text into a config map. */
    public static Map<String, Object> parseYaml(String yaml) {
        try {
            return YAML.readValue(yaml, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The model YAML is not valid YAML: " + e.getOriginalMessage(), e);
        }
    }

    /** Serializes any config map as JSON. */
    public static String writeJson(Object config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Not JSON-serializable: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ reading

    /**
     * A model from Keras's {@code {"class_name", "config"}}. Every malformed part fails with an
     * {@link IllegalArgumentException} naming its key path ({@code config.layers[3].inbound_nodes[0][1]})
     * and what was expected; nothing of the document is trusted before it is checked.
     */
    public static Model fromConfig(Map<String, Object> modelConfig, Registries registries) {
        if (modelConfig == null) {
            throw new IllegalArgumentException("A model config must be a JSON object with \"class_name\" and"
                    + " \"config\"; found: null.");
        }
        Object cls = modelConfig.get("class_name");
        Object config = modelConfig.get("config");
        if (!(cls instanceof String className)) {
            throw new IllegalArgumentException("A model config needs a \"class_name\" string; found: " + cls);
        }
        Model m = switch (className) {
            case "Sequential" -> sequential(config, registries);
            case "Model", "Functional" -> functional(asMap(config, "config"), registries);
            default -> throw new IllegalArgumentException("Unknown model class '" + className
                    + "'. Known: Sequential, Functional, Model.");
        };
        m.registries(registries);
        return m;
    }

    private static Model sequential(Object config, Registries registries) {
        List<Object> entries;
        String name = null;
        String at = "config";
        if (config instanceof List<?> list) {
            entries = new ArrayList<>(list);
        } else {
            Map<String, Object> c = asMap(config, "config");
            name = optionalString(c.get("name"), "config.name");
            entries = asList(c.get("layers"), "config.layers");
            at = "config.layers";
        }
        Sequential seq = new Sequential();
        if (name != null) {
            seq.name(name);
        }
        FileNames names = FileNames.of(entries);
        for (int i = 0; i < entries.size(); i++) {
            String path = at + "[" + i + "]";
            Layer l = layer(asMap(entries.get(i), path), path, registries, names);
            try {
                seq.add(l);
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException e) {
                throw invalid(path, l, e);
            }
        }
        return seq;
    }

    private static Model functional(Map<String, Object> config, Registries registries) {
        List<Object> entries = asList(config.get("layers"), "config.layers");
        Map<String, Layer> byName = new LinkedHashMap<>();
        Map<String, String> pathOf = new HashMap<>();
        Map<String, List<Object>> inbound = new HashMap<>();
        List<Layer> order = new ArrayList<>();
        FileNames names = FileNames.of(entries);
        for (int i = 0; i < entries.size(); i++) {
            String path = "config.layers[" + i + "]";
            Map<String, Object> e = asMap(entries.get(i), path);
            Layer l = layer(e, path, registries, names);
            String name = e.get("name") == null ? l.name() : string(e.get("name"), path + ".name");
            if (byName.put(name, l) != null) {
                throw new IllegalArgumentException(path + ".name: layer name '" + name + "' is used twice; every"
                        + " layer of a model needs a unique name.");
            }
            pathOf.put(name, path);
            order.add(l);
            Object nodes = e.get("inbound_nodes");
            if (nodes instanceof Map) {
                throw new IllegalArgumentException("Layer '" + name + "' uses the Keras 3 node format"
                        + " ({\"args\": ..., \"kwargs\": ...}); Athanor reads Keras 2 files.");
            }
            inbound.put(name, nodes == null ? List.of() : asList(nodes, path + ".inbound_nodes"));
        }
        Map<String, List<List<Tensor>>> outputsByLayer = new HashMap<>();
        for (Map.Entry<String, Layer> e : byName.entrySet()) {
            if (e.getValue() instanceof InputLayer in) {
                outputsByLayer.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(List.of(in.output()));
            }
        }
        // Apply nodes in dependency order: repeat passes until every node's inputs exist.
        Map<String, Integer> applied = new HashMap<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Map.Entry<String, Layer> e : byName.entrySet()) {
                String name = e.getKey();
                List<Object> nodes = inbound.get(name);
                int done = applied.getOrDefault(name, 0);
                while (done < nodes.size()) {
                    String nodePath = pathOf.get(name) + ".inbound_nodes[" + done + "]";
                    List<Tensor> args = resolve(asList(nodes.get(done), nodePath), nodePath, outputsByLayer);
                    if (args == null) {
                        break;
                    }
                    List<Tensor> outs;
                    try {
                        outs = e.getValue().applyAll(args.toArray(Tensor[]::new));
                    } catch (IllegalArgumentException ex) {
                        throw ex;
                    } catch (RuntimeException ex) {
                        throw invalid(nodePath, e.getValue(), ex);
                    }
                    outputsByLayer.computeIfAbsent(name, k -> new ArrayList<>()).add(outs);
                    done++;
                    progress = true;
                }
                applied.put(name, done);
            }
        }
        for (Map.Entry<String, List<Object>> e : inbound.entrySet()) {
            if (applied.getOrDefault(e.getKey(), 0) < e.getValue().size()) {
                throw new IllegalArgumentException(pathOf.get(e.getKey()) + ".inbound_nodes: layer '" + e.getKey()
                        + "' is connected to layers that are missing from the config or form a cycle.");
            }
        }
        List<Tensor> inputs = pick(asList(config.get("input_layers"), "config.input_layers"), "config.input_layers",
                outputsByLayer);
        List<Tensor> outputs = pick(asList(config.get("output_layers"), "config.output_layers"),
                "config.output_layers", outputsByLayer);
        return Model.withLayerOrder(inputs, outputs, optionalString(config.get("name"), "config.name"), order);
    }

    /** The tensors a node consumes, or null while one of their producers has not been applied yet. */
    private static List<Tensor> resolve(List<Object> node, String path, Map<String, List<List<Tensor>>> produced) {
        List<Tensor> args = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String refPath = path + "[" + i + "]";
            List<Object> r = asList(node.get(i), refPath);
            if (r.size() < 3) {
                throw new IllegalArgumentException(refPath + ": an inbound reference is [layer name, node index,"
                        + " tensor index(, kwargs)]; found: " + r);
            }
            String layer = string(r.get(0), refPath + "[0]");
            int nodeIndex = index(r.get(1), refPath + "[1]");
            int tensorIndex = index(r.get(2), refPath + "[2]");
            List<List<Tensor>> outs = produced.get(layer);
            if (outs == null || outs.size() <= nodeIndex) {
                return null;
            }
            args.add(tensor(outs.get(nodeIndex), tensorIndex, refPath + "[2]", layer));
        }
        return args;
    }

    private static List<Tensor> pick(List<Object> refs, String path, Map<String, List<List<Tensor>>> produced) {
        boolean single = !refs.isEmpty() && refs.get(0) instanceof String;
        if (single) {
            refs = List.of(refs); // a single [name, node, tensor] triple
        }
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            String refPath = single ? path : path + "[" + i + "]";
            List<Object> r = asList(refs.get(i), refPath);
            if (r.size() < 3) {
                throw new IllegalArgumentException(refPath + ": a layer reference is [layer name, node index, tensor"
                        + " index]; found: " + r);
            }
            String layer = string(r.get(0), refPath + "[0]");
            List<List<Tensor>> outs = produced.get(layer);
            if (outs == null) {
                throw new IllegalArgumentException(refPath + "[0]: the config refers to layer '" + layer
                        + "', which it does not define.");
            }
            int nodeIndex = index(r.get(1), refPath + "[1]");
            if (nodeIndex >= outs.size()) {
                throw new IllegalArgumentException(refPath + "[1]: layer '" + layer + "' has " + outs.size()
                        + " node(s); node index " + nodeIndex + " does not exist.");
            }
            out.add(tensor(outs.get(nodeIndex), index(r.get(2), refPath + "[2]"), refPath + "[2]", layer));
        }
        return out;
    }

    private static Tensor tensor(List<Tensor> outputs, int index, String path, String layer) {
        if (index >= outputs.size()) {
            throw new IllegalArgumentException(path + ": layer '" + layer + "' has " + outputs.size()
                    + " output(s); tensor index " + index + " does not exist.");
        }
        return outputs.get(index);
    }

    private static Layer layer(Map<String, Object> entry, String path, Registries registries, FileNames names) {
        Object cls = entry.get("class_name");
        if (!(cls instanceof String className)) {
            throw new IllegalArgumentException(path + ".class_name: a layer entry needs a \"class_name\" string;"
                    + " found: " + cls);
        }
        if (className.equals("Lambda")) {
            Object name = entry.get("config") instanceof Map<?, ?> c ? c.get("name") : "?";
            throw new IllegalArgumentException("Layer '" + name + "' is a Keras Lambda layer: its config holds"
                    + " Python code (marshalled bytecode), and Athanor never runs code from a file. Rewrite it as a"
                    + " registered layer (a plugin) and save the model again.");
        }
        Map<String, Object> config = entry.get("config") == null ? Map.of() : asMap(entry.get("config"),
                path + ".config");
        if (config.get("name") == null) {
            config = new LinkedHashMap<>(config);
            config.put("name", names.next(className));
        }
        Layer layer;
        try {
            layer = registries.layers().create(className, config);
        } catch (IllegalArgumentException e) {
            if (e.getClass() != IllegalArgumentException.class) {
                throw e; // typed errors (an unknown name, a shape) keep their type; their messages name the layer
            }
            throw new IllegalArgumentException(path + " (" + className + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw invalid(path + ".config", null, e);
        }
        if (layer instanceof InputLayer in && in.batchInputShape() == null) {
            throw new IllegalArgumentException(path + ".config: InputLayer '" + in.name() + "' needs"
                    + " \"batch_input_shape\" (or \"batch_shape\"), a list such as [null, 784].");
        }
        return layer;
    }

    /**
     * Names for the layers a file leaves unnamed: Keras's "dense", "dense_1", ... but counted within the
     * file and skipping the names it gives, never from the process-wide counter, so one file loads the
     * same way whatever the JVM built before it.
     */
    private static final class FileNames {
        private final java.util.Set<String> taken = new java.util.HashSet<>();
        private final Map<String, Integer> next = new HashMap<>();

        static FileNames of(List<Object> entries) {
            FileNames n = new FileNames();
            for (Object o : entries) {
                if (o instanceof Map<?, ?> e && e.get("config") instanceof Map<?, ?> c && c.get("name") instanceof String s) {
                    n.taken.add(s);
                }
            }
            return n;
        }

        String next(String className) {
            String prefix = dev.athanor.core.layers.LayerNames.snakeCase(className);
            while (true) {
                int k = next.merge(prefix, 1, Integer::sum) - 1;
                String candidate = k == 0 ? prefix : prefix + "_" + k;
                if (taken.add(candidate)) {
                    return candidate;
                }
            }
        }
    }

    /** A failure inside a layer (a plugin's too) while building from a config, with the config's key path. */
    private static IllegalArgumentException invalid(String path, Layer layer, RuntimeException e) {
        return new IllegalArgumentException(path + (layer == null ? "" : " (layer '" + layer.name() + "')")
                + ": the config describes a layer that cannot be built: " + e, e);
    }

    private static String string(Object o, String path) {
        if (o instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(path + ": expected a string (a layer name) but found: " + o);
    }

    private static String optionalString(Object o, String path) {
        return o == null ? null : string(o, path);
    }

    /** A node or tensor index: a non-negative integer. */
    private static int index(Object o, String path) {
        if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= 0
                && n.doubleValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new IllegalArgumentException(path + ": expected a non-negative integer index but found: " + o);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o, String path) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException(path + ": expected a JSON object but found: " + o);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o, String path) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new IllegalArgumentException(path + ": expected a JSON list but found: " + o);
    }
}
