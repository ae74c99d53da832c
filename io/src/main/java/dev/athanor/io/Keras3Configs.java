package dev.athanor.io;

import dev.athanor.core.Model;
import dev.athanor.core.Tensor;
import dev.athanor.core.graph.ModelConfigs;
import dev.athanor.core.layers.InputLayer;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.registry.Registries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras 3's serialization dialect (what {@code config.json} of a {@code .keras} file and the
 * {@code model_config} of a Keras 3 {@code .h5} hold) translated to the Keras 2 dialect that
 * Athanor's {@code ModelConfigs} and layers read, and back.
 *
 * <p>Keras 3 writes every object as {@code {module, class_name, config, registered_name}} (plus
 * {@code build_config}, {@code compile_config}, {@code shared_object_id}), a layer's dtype as a
 * {@code DTypePolicy} object, {@code InputLayer.batch_shape}/{@code optional}, and functional
 * nodes as {@code {args, kwargs}} holding {@code __keras_tensor__} references. Bookkeeping that
 * changes nothing here is dropped; anything that would change the math and that Athanor does not
 * implement is refused with an {@link IllegalArgumentException} naming the layer, key and value.
 * Nothing here instantiates a class a file names: only names are translated.
 */
final class Keras3Configs {

    /** Dtype policies whose math Athanor follows (it computes in float32; float64 is the test dtype). */
    private static final Set<String> PLAIN_DTYPES = Set.of("float32", "float64", "int32", "int64", "int8", "int16",
            "uint8", "bool", "string");

    private static final Set<String> RECURRENT = Set.of("LSTM", "GRU", "SimpleRNN");

    private Keras3Configs() {
    }

    // ================================================================== Keras 3 -> Athanor

    /** The model config in Athanor's (Keras 2) dialect; {@code registries} resolve registered names. */
    static Map<String, Object> modelFromKeras3(Map<String, Object> top, Registries registries) {
        return modelFromKeras3(top, registries, -1);
    }

    /**
     * As {@link #modelFromKeras3(Map, Registries)}; {@code storedValues} (when not negative) is the
     * number of values the weights file holds, which bounds every size a layer's config asks for
     * (a layer with {@code units = n} needs at least n stored values), so a config cannot make the
     * loader allocate more than the file could fill.
     */
    static Map<String, Object> modelFromKeras3(Map<String, Object> top, Registries registries, long storedValues) {
        top = Keras3CallArguments.withoutRecorded(top);
        Object cls = top.get("class_name");
        if (!(cls instanceof String className)) {
            throw new IllegalArgumentException("class_name: the model config has no \"class_name\" string; found: "
                    + shortText(cls));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (!Set.of("Sequential", "Functional", "Model").contains(className)) {
            throw new IllegalArgumentException("class_name: the model is a '" + className + "' (module "
                    + shortText(top.get("module")) + "): a subclassed Keras model holds Python code, which Athanor"
                    + " cannot load. Known model classes: Sequential, Functional.");
        }
        out.put("class_name", className);
        Map<String, Object> config = map(top.get("config"), "config (the model's config)");
        Map<String, Object> c = new LinkedHashMap<>();
        Object modelName = config.get("name");
        if (modelName != null && !(modelName instanceof String)) {
            throw new IllegalArgumentException("config.name: the model's name must be a string; found: "
                    + shortText(modelName));
        }
        c.put("name", modelName);
        List<Object> layers = new ArrayList<>();
        List<Object> entries = list(config.get("layers"), "config.layers");
        for (int i = 0; i < entries.size(); i++) {
            String where = "config.layers[" + i + "]";
            try {
                Map<String, Object> entry = map(entries.get(i), where);
                checkSizes(entry.get("config"), "config", storedValues);
                layers.add(layerFromKeras3(entry, registries, !className.equals("Sequential")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        c.put("layers", layers);
        if (!className.equals("Sequential")) {
            c.put("input_layers", refs(config.get("input_layers"), "config.input_layers"));
            c.put("output_layers", refs(config.get("output_layers"), "config.output_layers"));
        }
        out.put("config", c);
        return out;
    }

    /** Config keys that size a layer's weights (each is a lower bound of the values its weights hold). */
    private static final Set<String> WEIGHT_SIZES = Set.of("units", "filters", "input_dim", "output_dim", "num_heads",
            "key_dim", "value_dim");

    /**
     * Every number in a layer config must fit Java's int, and those that size weights must not
     * exceed what the weights file stores: refused naming the key path and value.
     */
    private static void checkSizes(Object v, String path, long storedValues) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object value = e.getValue();
                if (key.equals("shared_object_id")) {
                    continue; // Keras's object ids (Python id()s): bookkeeping, never a size
                }
                String p = path + "." + key;
                if (WEIGHT_SIZES.contains(key) && value instanceof Number n && storedValues >= 0
                        && n.doubleValue() > storedValues) {
                    throw new IllegalArgumentException(p + " = " + value + " needs more values than the weights file"
                            + " stores in all (" + storedValues + "): the config does not match the weights");
                }
                checkSizes(value, p, storedValues);
            }
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                checkSizes(l.get(i), path + "[" + i + "]", storedValues);
            }
        } else if (v instanceof Number n && !(v instanceof Double || v instanceof Float)
                && (n.longValue() > Integer.MAX_VALUE || n.longValue() < Integer.MIN_VALUE)) {
            throw new IllegalArgumentException(path + " = " + v + " is out of range (at most " + Integer.MAX_VALUE
                    + ")");
        }
    }

    private static Object refs(Object o, String what) {
        if (o instanceof Map) {
            throw new IllegalArgumentException(what + ": the model's inputs or outputs are a dict (named); Athanor"
                    + " reads models whose inputs and outputs are lists");
        }
        List<Object> l = list(o, what);
        List<Object> refs = !l.isEmpty() && l.get(0) instanceof String ? List.of(l) : l;
        for (int i = 0; i < refs.size(); i++) {
            tensorRef(refs.get(i), what + (refs == l ? "[" + i + "]" : ""));
        }
        return o;
    }

    /** A reference {@code [layer name, node index, tensor index]}, checked for its types. */
    private static void tensorRef(Object o, String what) {
        if (!(o instanceof List<?> r) || r.size() < 3 || !(r.get(0) instanceof String)
                || !(r.get(1) instanceof Number n1) || !(r.get(2) instanceof Number n2)
                || n1.doubleValue() != n1.longValue() || n2.doubleValue() != n2.longValue()
                || n1.longValue() < 0 || n2.longValue() < 0 || n1.longValue() > 1 << 20 || n2.longValue() > 1 << 20) {
            throw new IllegalArgumentException(what + ": expected a tensor reference [layer name, node index, tensor"
                    + " index] but found: " + shortText(o));
        }
    }

    private static Map<String, Object> layerFromKeras3(Map<String, Object> entry, Registries registries,
                                                       boolean functional) {
        String cls = entry.get("class_name") instanceof String s ? s : null;
        Map<String, Object> config = entry.get("config") == null ? Map.of() : map(entry.get("config"), "a layer config");
        String name = entry.get("name") instanceof String s ? s : config.get("name") instanceof String s2 ? s2 : "?";
        if (cls == null) {
            throw new IllegalArgumentException("layer '" + name + "' has no \"class_name\" string; found: "
                    + shortText(entry.get("class_name")));
        }
        if (config.get("name") != null && !(config.get("name") instanceof String)
                || entry.get("name") != null && !(entry.get("name") instanceof String)) {
            throw new IllegalArgumentException("name: a layer's name must be a string; found: "
                    + shortText(config.get("name") instanceof String ? entry.get("name") : config.get("name")));
        }
        if (Set.of("Sequential", "Functional", "Model").contains(cls)) {
            throw new IllegalArgumentException("layer '" + name + "' is a nested Keras model (" + cls + "); Athanor"
                    + " does not load models nested inside models yet. Flatten it in Keras and save again.");
        }
        String lookup = registeredName(entry, cls, registries.layers().contains(registeredNameOf(entry)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", lookup);
        out.put("config", layerConfig(cls, name, config, registries));
        if (functional) {
            out.put("name", name);
            Object nodes = entry.get("inbound_nodes");
            out.put("inbound_nodes", nodes == null ? List.of() : inboundNodes(name, list(nodes, "inbound_nodes")));
        }
        return out;
    }

    private static String registeredNameOf(Map<String, Object> entry) {
        return entry.get("registered_name") instanceof String r ? r : "";
    }

    /**
     * A custom object's {@code registered_name} ({@code "my_package>focal_loss"}) when something is
     * registered under it (a plugin claiming the Keras name), else the class name.
     */
    private static String registeredName(Map<String, Object> entry, String cls, boolean registered) {
        String r = registeredNameOf(entry);
        return r.contains(">") && registered ? r : cls;
    }

    private static Map<String, Object> layerConfig(String cls, String layer, Map<String, Object> config,
                                                   Registries registries) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : config.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            switch (k) {
                case "dtype" -> out.put(k, dtype(layer, v));
                case "batch_shape" -> out.put(cls.equals("InputLayer") ? "batch_input_shape" : k, v);
                case "optional" -> {
                    if (Boolean.TRUE.equals(v)) {
                        throw refused(layer, k, v, "optional inputs are not supported");
                    }
                }
                case "quantization_config", "lora_rank", "lora_alpha" -> {
                    if (v != null && !(v instanceof Number n && n.doubleValue() == 0 && k.equals("lora_rank"))
                            && !k.equals("lora_alpha")) {
                        throw refused(layer, k, v, "quantized and LoRA layers are not implemented");
                    }
                }
                // Only decides whether statistics are summed across devices; Athanor runs on one.
                case "synchronized" -> { }
                // Only used when renorm is on, which is refused below.
                case "renorm_clipping", "renorm_momentum" -> { }
                case "renorm", "rms_scaling" -> {
                    if (!Boolean.FALSE.equals(v)) {
                        throw refused(layer, k, v, "not implemented");
                    }
                }
                // The seed of a recurrent layer's dropout masks: Athanor draws them from its own Seeds.
                case "seed" -> {
                    if (RECURRENT.contains(cls)) {
                        continue;
                    }
                    out.put(k, v);
                }
                case "layer", "backward_layer" -> out.put(k, v instanceof Map<?, ?> m
                        ? layerFromKeras3(map(m, "a wrapped layer"), registries, false) : v);
                default -> out.put(k, value(layer, k, v));
            }
        }
        return out;
    }

    private static Object dtype(String layer, Object v) {
        if (v == null || v instanceof String) {
            checkDtype(layer, (String) v);
            return v;
        }
        Map<String, Object> m = map(v, "dtype");
        if (!"DTypePolicy".equals(m.get("class_name")) && !"Policy".equals(m.get("class_name"))) {
            throw refused(layer, "dtype", m.get("class_name"), "only plain DTypePolicy objects are supported");
        }
        Object name = m.get("config") instanceof Map<?, ?> c ? c.get("name") : null;
        checkDtype(layer, name instanceof String s ? s : null);
        return name;
    }

    private static void checkDtype(String layer, String name) {
        if (name != null && !PLAIN_DTYPES.contains(name)) {
            throw refused(layer, "dtype", name, "mixed precision, float16/bfloat16 and quantized dtype policies are not"
                    + " implemented; set the policy to float32 in Keras and save again");
        }
    }

    /** A config value: Keras 3 objects become {class_name, config}; tuples become lists; code is refused. */
    @SuppressWarnings("unchecked")
    private static Object value(String layer, String key, Object v) {
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(value(layer, key, o));
            }
            return out;
        }
        if (!(v instanceof Map<?, ?> raw)) {
            return v;
        }
        Map<String, Object> m = (Map<String, Object>) raw;
        Object cls = m.get("class_name");
        if ("__tuple__".equals(cls) && m.get("config") instanceof Map<?, ?> c) {
            return value(layer, key, c.get("value"));
        }
        if ("__lambda__".equals(cls) || "__numpy__".equals(cls) || "__bytes__".equals(cls)) {
            throw refused(layer, key, cls, "it holds " + ("__lambda__".equals(cls) ? "Python code" : "raw data")
                    + ", which Athanor never runs or reads");
        }
        if ("function".equals(cls) && m.get("config") instanceof String fn) {
            return m.get("registered_name") instanceof String r && r.contains(">") ? r : fn;
        }
        if (cls instanceof String && (m.containsKey("module") || m.containsKey("registered_name"))) {
            Map<String, Object> out = new LinkedHashMap<>();
            String r = m.get("registered_name") instanceof String s ? s : "";
            out.put("class_name", r.contains(">") ? r : cls);
            Map<String, Object> inner = new LinkedHashMap<>();
            if (m.get("config") instanceof Map<?, ?> c) {
                for (Map.Entry<String, Object> e : ((Map<String, Object>) c).entrySet()) {
                    if (Set.of("input_axes", "output_axes").contains(e.getKey())) {
                        if (e.getValue() != null) {
                            throw refused(layer, key + "." + e.getKey(), e.getValue(),
                                    "initializers with explicit fan axes are not implemented");
                        }
                        continue;
                    }
                    inner.put(e.getKey(), value(layer, key, e.getValue()));
                }
            }
            out.put("config", inner);
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            out.put(e.getKey(), value(layer, key, e.getValue()));
        }
        return out;
    }

    /** Keras 3 nodes ({@code {args, kwargs}}) as Keras 2's lists of {@code [layer, node, tensor, {}]}. */
    private static List<Object> inboundNodes(String layer, List<Object> nodes) {
        List<Object> out = new ArrayList<>();
        for (Object n : nodes) {
            if (n instanceof List<?> k2) {
                for (Object r : k2) {
                    tensorRef(r, "inbound_nodes of layer '" + layer + "'");
                }
                out.add(n); // already Keras 2's form (Keras 3 still reads it)
                continue;
            }
            Map<String, Object> node = map(n, "an inbound node of layer '" + layer + "'");
            List<Object> refs = new ArrayList<>();
            tensors(layer, node.get("args"), refs);
            if (node.get("kwargs") instanceof Map<?, ?> kw) {
                for (Map.Entry<?, ?> e : kw.entrySet()) {
                    if (e.getValue() != null) {
                        throw refused(layer, "call argument " + e.getKey(), shortText(e.getValue()),
                                "layers called with extra arguments (masks, training flags) are not supported");
                    }
                }
            }
            out.add(refs);
        }
        return out;
    }

    private static void tensors(String layer, Object args, List<Object> refs) {
        if (args instanceof List<?> l) {
            for (Object o : l) {
                tensors(layer, o, refs);
            }
            return;
        }
        if (args instanceof Map<?, ?> m && "__keras_tensor__".equals(m.get("class_name"))
                && m.get("config") instanceof Map<?, ?> c && c.get("keras_history") instanceof List<?> h
                && h.size() == 3) {
            tensorRef(h, "keras_history of an input of layer '" + layer + "'");
            refs.add(new ArrayList<>(List.of(h.get(0), h.get(1), h.get(2), new LinkedHashMap<>())));
            return;
        }
        throw refused(layer, "call argument", shortText(args), "only tensors from other layers can be passed to a"
                + " layer");
    }

    private static String shortText(Object o) {
        String s = String.valueOf(o);
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    /**
     * Keras 3's {@code compile_config} as Keras 2's {@code training_config}: the optimizer as
     * {@code optimizer_config}, Keras 3 objects as {@code {class_name, config}}, and the Keras 3
     * optimizer options Athanor does not implement (EMA, loss scaling, gradient accumulation)
     * refused when set.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> trainingFromKeras3(Map<String, Object> compile) {
        Map<String, Object> t = new LinkedHashMap<>();
        Object opt = compile.containsKey("optimizer_config") ? compile.get("optimizer_config") : compile.get("optimizer");
        if (opt instanceof String s) {
            Map<String, Object> oc = new LinkedHashMap<>();
            oc.put("class_name", s);
            oc.put("config", new LinkedHashMap<>());
            t.put("optimizer_config", oc);
        } else if (opt instanceof Map<?, ?> m) {
            if (!(m.get("class_name") instanceof String) || m.get("config") != null && !(m.get("config") instanceof Map)) {
                throw new IllegalArgumentException("compile_config.optimizer: expected {class_name: string, config:"
                        + " object} but found: " + shortText(m));
            }
            Map<String, Object> o = (Map<String, Object>) value("optimizer", "optimizer", m);
            if (!(o.get("config") instanceof Map)) {
                o.put("config", new LinkedHashMap<>());
            }
            Map<String, Object> config = (Map<String, Object>) o.get("config");
            t.put("optimizer_config", o);
            checkOptimizerOption(config, "use_ema", Boolean.FALSE);
            checkOptimizerOption(config, "loss_scale_factor", null);
            checkOptimizerOption(config, "gradient_accumulation_steps", null);
            config.remove("ema_momentum");
            config.remove("ema_overwrite_frequency");
            if (config.get("weight_decay") == null) {
                config.remove("weight_decay");
            }
            for (String k : List.of("clipnorm", "clipvalue", "global_clipnorm")) {
                if (config.containsKey(k) && config.get(k) == null) {
                    config.remove(k);
                }
            }
        } else if (opt != null) {
            throw new IllegalArgumentException("compile_config has an unreadable optimizer: " + shortText(opt));
        }
        if (t.get("optimizer_config") instanceof Map<?, ?> oc && "nadam".equalsIgnoreCase(String.valueOf(oc.get("class_name")))
                && oc.get("config") instanceof Map<?, ?> c) {
            // Keras 3's Nadam schedule is beta_1 * (1 - 0.5 * 0.96^t): Athanor's rule with decay = 1.
            ((Map<String, Object>) c).put("decay", KERAS3_NADAM_DECAY);
        }
        t.put("loss", value("loss", "loss", compile.get("loss")));
        t.put("loss_weights", compile.get("loss_weights"));
        t.put("metrics", value("metrics", "metrics", compile.get("metrics")));
        t.put("weighted_metrics", value("metrics", "weighted_metrics", compile.get("weighted_metrics")));
        return t;
    }

    private static void checkOptimizerOption(Map<String, Object> config, String key, Object harmless) {
        if (!config.containsKey(key)) {
            return;
        }
        Object v = config.remove(key);
        if (v != null && !v.equals(harmless)) {
            throw refused("optimizer", key, v, "Athanor's optimizers do not implement it");
        }
    }

    private static IllegalArgumentException refused(String layer, String key, Object value, String why) {
        return new IllegalArgumentException("'" + layer + "': the Keras 3 option " + key + "=" + value
                + " is not supported (" + why + ")");
    }

    // ================================================================== Athanor -> Keras 3

    /** Athanor's Nadam {@code decay} that gives Keras 3's momentum schedule {@code 0.96^t}. */
    static final double KERAS3_NADAM_DECAY = 1.0;

    /**
     * A Keras 2 {@code model_config} (what Athanor's {@code .h5} holds) that Keras 3's legacy loader
     * also reads: the recurrent layers' {@code time_major=false} (Keras 3 has no such argument and
     * refuses it; false is tf.keras 2's default) is left out. Everything else is what tf.keras 2 writes.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> h5ModelConfig(Map<String, Object> model) {
        Map<String, Object> config = map(model.get("config"), "config");
        for (Object o : list(config.get("layers"), "layers")) {
            h5Layer(map(o, "layer"));
        }
        return model;
    }

    private static void h5Layer(Map<String, Object> entry) {
        Map<String, Object> c = map(entry.get("config"), "layer config");
        if (RECURRENT.contains(String.valueOf(entry.get("class_name"))) && Boolean.FALSE.equals(c.get("time_major"))) {
            c.remove("time_major");
        }
        for (String k : List.of("layer", "backward_layer")) {
            if (c.get(k) instanceof Map<?, ?> inner) {
                h5Layer(map(inner, k));
            }
        }
    }

    /**
     * A Keras 2 {@code training_config} that Keras 3's legacy loader also compiles: Keras 3.15
     * cannot deserialize the loss aliases {@code mse, mae, mape, msle, kld} from an {@code .h5}
     * (not even in its own files), so losses are written by their full names, which tf.keras 2
     * reads as well.
     */
    static Map<String, Object> h5TrainingConfig(Map<String, Object> training) {
        training.put("loss", h5Loss(training.get("loss")));
        return training;
    }

    private static Object h5Loss(Object loss) {
        if (loss instanceof String s) {
            return H5_LOSS_ALIASES.getOrDefault(s, s);
        }
        if (loss instanceof List<?> l) {
            return l.stream().map(Keras3Configs::h5Loss).toList();
        }
        if (loss instanceof Map<?, ?> m && !m.containsKey("class_name")) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), h5Loss(e.getValue()));
            }
            return out;
        }
        return loss;
    }

    /** Keras 2 loss names Keras 3 spells differently (or cannot read back from an .h5). */
    private static final Map<String, String> KERAS3_LOSS_NAMES = Map.ofEntries(
            Map.entry("logcosh", "log_cosh"),
            Map.entry("kullback_leibler_divergence", "kl_divergence"),
            Map.entry("kld", "kl_divergence"),
            Map.entry("huber_loss", "huber"),
            Map.entry("cosine_proximity", "cosine_similarity"));

    /** Loss aliases Keras 3.15's legacy {@code .h5} loader cannot deserialize, by their full names. */
    private static final Map<String, String> H5_LOSS_ALIASES = Map.of(
            "mse", "mean_squared_error",
            "mae", "mean_absolute_error",
            "mape", "mean_absolute_percentage_error",
            "msle", "mean_squared_logarithmic_error",
            "kld", "kl_divergence");

    /** Layers whose Keras 3 serialization has no {@code build_config} (their {@code build} is Keras's default). */
    private static final Set<String> NO_BUILD_CONFIG = Set.of("InputLayer", "Activation", "Dropout", "Reshape",
            "Masking", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D",
            "AveragePooling3D", "GlobalAveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling2D",
            "GlobalMaxPooling2D", "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "GaussianDropout",
            "AlphaDropout", "ReLU", "LeakyReLU", "ELU", "Softmax", "RepeatVector", "Permute");
    /** Layers whose own Keras 3 {@code get_config} writes {@code activity_regularizer} even when null. */
    private static final Set<String> ACTIVITY_REGULARIZER_ALWAYS = Set.of("Embedding", "Conv1D", "Conv2D", "Conv3D",
            "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "DepthwiseConv1D", "DepthwiseConv2D",
            "SeparableConv1D", "SeparableConv2D", "SimpleRNN", "LSTM", "GRU");
    /** Layers Keras 3 can quantize: their config carries {@code quantization_config}. */
    private static final Set<String> QUANTIZABLE = Set.of("Dense", "EinsumDense", "Embedding");
    /** Initializers whose Keras 3 config carries {@code input_axes}/{@code output_axes}. */
    private static final Set<String> VARIANCE_SCALING = Set.of("VarianceScaling", "GlorotUniform", "GlorotNormal",
            "LecunNormal", "LecunUniform", "HeNormal", "HeUniform");
    /** Keras 2 RNN options Keras 3 removed: dropped when at their only Keras 3 behaviour, else refused. */
    private static final Map<String, Object> RNN_REMOVED = Map.of("time_major", Boolean.FALSE);

    /**
     * The model as Keras 3's {@code config.json} object: Keras 3's objects ({@code module,
     * class_name, config, registered_name}), each layer's Keras 3 options and
     * {@code build_config}, and functional nodes as {@code {args, kwargs}} of
     * {@code __keras_tensor__} references.
     */
    static Map<String, Object> modelToKeras3(Model model) {
        Map<String, Object> top = ModelConfigs.parseJson(model.toJson());
        String cls = (String) top.get("class_name");
        boolean sequential = cls.equals("Sequential");
        Map<String, Object> config = map(top.get("config"), "config");
        List<Object> entries = list(config.get("layers"), "layers");
        Map<String, Layer> byName = new LinkedHashMap<>();
        for (Layer l : model.layers()) {
            byName.put(l.name(), l);
        }
        for (InputLayer in : model.inputLayers()) {
            byName.putIfAbsent(in.name(), in);
        }
        List<Object> layers = new ArrayList<>();
        List<Object> modelInput = null;
        if (sequential && !entries.isEmpty()) {
            Map<String, Object> first = map(entries.get(0), "layer");
            Map<String, Object> fc = map(first.get("config"), "layer config");
            if (!"InputLayer".equals(first.get("class_name")) && fc.get("batch_input_shape") != null) {
                Map<String, Object> in = new LinkedHashMap<>();
                in.put("batch_shape", fc.get("batch_input_shape"));
                in.put("dtype", "float32");
                in.put("sparse", false);
                in.put("ragged", false);
                in.put("name", "input_layer");
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("class_name", "InputLayer");
                e.put("config", in);
                layers.add(layerToKeras3(e, null, null));
                modelInput = list(fc.get("batch_input_shape"), "batch_input_shape");
            }
        }
        for (Object o : entries) {
            Map<String, Object> e = map(o, "layer");
            Layer layer = byName.get(String.valueOf(map(e.get("config"), "layer config").get("name")));
            if (sequential && modelInput == null && "InputLayer".equals(e.get("class_name"))) {
                modelInput = list(map(e.get("config"), "layer config").get("batch_input_shape"), "batch_input_shape");
            }
            layers.add(layerToKeras3(e, layer, sequential ? null : byName));
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", config.get("name"));
        c.put("trainable", true);
        if (sequential) {
            c.put("dtype", dtypePolicy("float32"));
        }
        c.put("layers", layers);
        if (sequential) {
            if (modelInput != null) {
                c.put("build_input_shape", modelInput);
            }
        } else {
            c.put("input_layers", flattenSingle(config.get("input_layers")));
            c.put("output_layers", flattenSingle(config.get("output_layers")));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("module", sequential ? "keras" : "keras.src.models.functional");
        out.put("class_name", sequential ? "Sequential" : "Functional");
        out.put("config", c);
        out.put("registered_name", sequential ? null : "Functional");
        Map<String, Object> build = new LinkedHashMap<>();
        build.put("input_shape", sequential ? modelInput : null);
        out.put("build_config", build);
        return out;
    }

    /** Keras 3 writes a single input or output reference as {@code [name, 0, 0]}, several as a list of them. */
    private static Object flattenSingle(Object refs) {
        List<Object> l = list(refs, "input/output layers");
        return l.size() == 1 && l.get(0) instanceof List<?> only ? only : l;
    }

    /**
     * One layer entry in Keras 3's dialect; {@code byName} (functional models only) resolves the
     * tensors its inbound nodes read, whose shapes Keras 3 records.
     */
    private static Map<String, Object> layerToKeras3(Map<String, Object> entry, Layer layer, Map<String, Layer> byName) {
        String cls = (String) entry.get("class_name");
        Map<String, Object> config = map(entry.get("config"), "layer config");
        Map<String, Object> c = new LinkedHashMap<>();
        boolean input = cls.equals("InputLayer");
        boolean rnn = RECURRENT.contains(cls);
        String name = String.valueOf(config.get("name"));
        for (Map.Entry<String, Object> e : config.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            if (k.equals("batch_input_shape")) {
                if (input) {
                    c.put("batch_shape", v);
                }
            } else if (k.equals("dtype")) {
                c.put(k, input ? v : dtypePolicy(v == null ? "float32" : String.valueOf(v)));
            } else if (input && k.equals("trainable")) {
                continue;
            } else if (k.equals("activity_regularizer") && v == null && !ACTIVITY_REGULARIZER_ALWAYS.contains(cls)) {
                continue; // Keras 3's base Layer writes it only when set
            } else if (cls.endsWith("Transpose") && k.equals("groups")) {
                if (!(v instanceof Number n) || n.intValue() != 1) {
                    throw refused(name, k, v, "Keras 3's transposed convolutions have no groups");
                }
            } else if (cls.equals("Embedding") && k.equals("input_length")) {
                continue; // Keras 3 dropped it: shapes come from the input
            } else if (rnn && k.equals("implementation")) {
                continue; // only chose a kernel in Keras 2; the math is the same
            } else if (rnn && RNN_REMOVED.containsKey(k)) {
                if (!RNN_REMOVED.get(k).equals(v)) {
                    throw refused(name, k, v, "Keras 3 has no such option; the Keras 3 layer would compute differently");
                }
            } else if (cls.equals("BatchNormalization") && k.equals("axis") && v instanceof List<?> l && l.size() == 1) {
                c.put(k, l.get(0)); // Keras 3's BatchNormalization takes one int axis
            } else if ((k.equals("layer") || k.equals("backward_layer")) && v instanceof Map<?, ?> m) {
                Map<String, Object> inner = layerToKeras3(map(m, "wrapped layer"), null, null);
                List<Object> outer = layer == null || layer.inboundNodes().isEmpty() ? null
                        : shape(layer.inboundNodes().get(0).inputs().get(0));
                if (outer != null && !NO_BUILD_CONFIG.contains(String.valueOf(inner.get("class_name")))) {
                    List<Object> in = new ArrayList<>(outer);
                    if (cls.equals("TimeDistributed") && in.size() > 1) {
                        in.remove(1); // the wrapped layer sees one time step
                    }
                    Map<String, Object> build = new LinkedHashMap<>();
                    build.put("input_shape", in);
                    inner.put("build_config", build);
                }
                c.put(k, inner);
            } else if (v instanceof Map<?, ?> m && m.get("class_name") instanceof String) {
                c.put(k, objectToKeras3(moduleFor(k), map(m, k)));
            } else {
                c.put(k, v);
            }
        }
        keras3Defaults(cls, c);
        if (input) {
            c.put("optional", false);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("module", "keras.layers");
        out.put("class_name", cls);
        out.put("config", c);
        out.put("registered_name", null);
        if (!NO_BUILD_CONFIG.contains(cls) && layer != null && !layer.inboundNodes().isEmpty()) {
            List<Tensor> ins = layer.inboundNodes().get(0).inputs();
            Map<String, Object> build = new LinkedHashMap<>();
            build.put("input_shape", ins.size() == 1 ? shape(ins.get(0)) : ins.stream().map(Keras3Configs::shape).toList());
            out.put("build_config", build);
        }
        if (byName != null) {
            out.put("name", entry.get("name"));
            out.put("inbound_nodes", nodesToKeras3(name, list(entry.get("inbound_nodes"), "inbound_nodes"), byName));
        }
        return out;
    }

    /** The options Keras 3 writes for a layer that Keras 2's config (and Athanor's) does not have. */
    private static void keras3Defaults(String cls, Map<String, Object> c) {
        if (QUANTIZABLE.contains(cls)) {
            c.putIfAbsent("quantization_config", null);
        }
        switch (cls) {
            case "Conv1D", "Conv2D", "Conv3D" -> c.putIfAbsent("groups", 1);
            case "BatchNormalization" -> {
                c.putIfAbsent("synchronized", false);
                c.putIfAbsent("renorm", false);
                c.putIfAbsent("renorm_clipping", null);
                c.putIfAbsent("renorm_momentum", 0.99);
            }
            case "LayerNormalization" -> c.putIfAbsent("rms_scaling", false);
            case "LSTM", "GRU" -> {
                c.putIfAbsent("seed", null);
                c.putIfAbsent("zero_output_for_mask", false);
            }
            case "SimpleRNN" -> c.putIfAbsent("zero_output_for_mask", false);
            default -> { }
        }
    }

    /** Keras 2 node lists ({@code [[layer, node, tensor, {}], ...]}) as Keras 3's {@code {args, kwargs}}. */
    private static List<Object> nodesToKeras3(String layer, List<Object> nodes, Map<String, Layer> byName) {
        List<Object> out = new ArrayList<>();
        for (Object n : nodes) {
            List<Object> refs = list(n, "an inbound node of layer '" + layer + "'");
            List<Object> tensors = new ArrayList<>();
            for (Object r : refs) {
                List<Object> ref = list(r, "a tensor reference of layer '" + layer + "'");
                String from = String.valueOf(ref.get(0));
                int node = ((Number) ref.get(1)).intValue();
                int index = ((Number) ref.get(2)).intValue();
                Layer producer = byName.get(from);
                if (producer == null || producer.inboundNodes().size() <= node
                        || producer.inboundNodes().get(node).outputs().size() <= index) {
                    throw new IllegalArgumentException("layer '" + layer + "' reads output " + index + " of node " + node
                            + " of layer '" + from + "', which the model does not have");
                }
                Map<String, Object> tc = new LinkedHashMap<>();
                tc.put("shape", shape(producer.inboundNodes().get(node).outputs().get(index)));
                tc.put("dtype", "float32");
                tc.put("keras_history", List.of(from, node, index));
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("class_name", "__keras_tensor__");
                t.put("config", tc);
                tensors.add(t);
            }
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("args", tensors.size() == 1 ? List.of(tensors.get(0)) : List.of(tensors));
            node.put("kwargs", new LinkedHashMap<>());
            out.add(node);
        }
        return out;
    }

    /** A shape as Keras writes it: unknown (batch) dimensions as null. */
    private static List<Object> shape(Tensor t) {
        List<Object> out = new ArrayList<>();
        for (long d : t.shape()) {
            out.add(d < 0 ? null : d);
        }
        return out;
    }

    private static String moduleFor(String key) {
        if (key.endsWith("_initializer")) {
            return "keras.initializers";
        } else if (key.endsWith("_regularizer")) {
            return "keras.regularizers";
        } else if (key.endsWith("_constraint")) {
            return "keras.constraints";
        } else if (key.equals("learning_rate")) {
            return "keras.optimizers.schedules";
        }
        return null;
    }

    private static Map<String, Object> objectToKeras3(String module, Map<String, Object> o) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("module", module);
        out.put("class_name", o.get("class_name"));
        Map<String, Object> config = o.get("config") == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(map(o.get("config"), "config of " + o.get("class_name")));
        if ("keras.initializers".equals(module) && VARIANCE_SCALING.contains(String.valueOf(o.get("class_name")))) {
            config.putIfAbsent("input_axes", null);
            config.putIfAbsent("output_axes", null);
        }
        out.put("config", config);
        out.put("registered_name", null);
        return out;
    }

    private static Map<String, Object> dtypePolicy(String name) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("module", "keras");
        p.put("class_name", "DTypePolicy");
        p.put("config", new LinkedHashMap<>(Map.of("name", name)));
        p.put("registered_name", null);
        return p;
    }

    /**
     * Athanor's training config as Keras 3's {@code compile_config}. Keras 3 dropped the legacy
     * {@code decay} argument: a zero decay is left out, a non-zero one is refused (it would change
     * the learning rate Keras uses).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> compileToKeras3(Map<String, Object> training) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> oc = map(training.get("optimizer_config"), "optimizer_config");
        Map<String, Object> config = new LinkedHashMap<>(map(oc.get("config"), "optimizer config"));
        Object decay = config.remove("decay");
        if ("nadam".equalsIgnoreCase(String.valueOf(oc.get("class_name")))) {
            if (!(decay instanceof Number d) || d.doubleValue() != KERAS3_NADAM_DECAY) {
                throw new IllegalArgumentException("this Nadam follows tf.keras 2's momentum schedule (decay=" + decay
                        + ": beta_1 * (1 - 0.5 * 0.96^(decay * t))); Keras 3's Nadam always uses 0.96^t and has no"
                        + " option for it, so Keras would resume differently. Compile with new Nadam().decay(1.0)"
                        + " (Keras 3's rule) to save as .keras, or save as .h5");
            }
        } else if (decay instanceof Number d && d.doubleValue() != 0) {
            throw new IllegalArgumentException("the optimizer's legacy decay=" + decay + " has no Keras 3 equivalent"
                    + " option; use an InverseTimeDecay learning rate schedule (decay_steps=1, decay_rate=" + decay
                    + ") instead");
        }
        if (config.get("learning_rate") instanceof Map<?, ?> schedule) {
            config.put("learning_rate", objectToKeras3("keras.optimizers.schedules", map(schedule, "schedule")));
        }
        Map<String, Object> keras3 = new LinkedHashMap<>();
        keras3.put("name", config.remove("name"));
        keras3.put("learning_rate", config.remove("learning_rate"));
        for (Map.Entry<String, Object> e : OPTIMIZER_BASE.entrySet()) {
            keras3.put(e.getKey(), config.containsKey(e.getKey()) ? config.remove(e.getKey()) : e.getValue());
        }
        keras3.putAll(config);
        out.put("optimizer", objectToKeras3("keras.optimizers", Map.of("class_name", oc.get("class_name"),
                "config", keras3)));
        out.put("loss", lossToKeras3(training.get("loss")));
        out.put("loss_weights", training.get("loss_weights"));
        out.put("metrics", emptyAsNull(training.get("metrics")));
        out.put("weighted_metrics", emptyAsNull(training.get("weighted_metrics")));
        out.put("run_eagerly", false);
        out.put("steps_per_execution", 1);
        out.put("jit_compile", false);
        return out;
    }

    /** Keras 3's base optimizer options with the values that mean "off" (what Keras writes by default). */
    private static final Map<String, Object> OPTIMIZER_BASE;

    static {
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("weight_decay", null);
        base.put("clipnorm", null);
        base.put("global_clipnorm", null);
        base.put("clipvalue", null);
        base.put("use_ema", false);
        base.put("ema_momentum", 0.99);
        base.put("ema_overwrite_frequency", null);
        base.put("loss_scale_factor", null);
        base.put("gradient_accumulation_steps", null);
        OPTIMIZER_BASE = java.util.Collections.unmodifiableMap(base);
    }

    /** Keras 3 writes no metrics as null. */
    private static Object emptyAsNull(Object metrics) {
        return metrics instanceof List<?> l && l.isEmpty() ? null : metrics;
    }

    private static Object lossToKeras3(Object loss) {
        if (loss instanceof String s && s.contains(">")) {
            // A function registered with @register_keras_serializable, as Keras 3.15 writes it.
            Map<String, Object> fn = new LinkedHashMap<>();
            fn.put("module", "builtins");
            fn.put("class_name", "function");
            fn.put("config", s);
            fn.put("registered_name", "function");
            return fn;
        }
        if (loss instanceof String s) {
            return KERAS3_LOSS_NAMES.getOrDefault(s, s);
        }
        if (loss instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(lossToKeras3(o));
            }
            return out;
        }
        if (loss instanceof Map<?, ?> m && m.get("class_name") instanceof String) {
            return objectToKeras3("keras.losses", map(m, "loss"));
        }
        return loss;
    }

    // ================================================================== helpers

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        if (o instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException("expected a JSON object for " + what + " but found: " + shortText(o));
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String what) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new IllegalArgumentException("expected a JSON list for " + what + " but found: " + shortText(o));
    }
}
