package dev.athanor.io;

import dev.athanor.core.CompileOptions;
import dev.athanor.core.Loss;
import dev.athanor.core.Component;
import dev.athanor.core.Model;
import dev.athanor.core.Optimizer;
import dev.athanor.core.registry.ComponentRegistry;
import dev.athanor.core.registry.Registries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code training_config}: what {@code compile} was given (loss, metrics, loss weights and
 * the optimizer as {@code {class_name, config}}), written in tf.keras 2.x form and read from any
 * Keras 2 version ({@code lr} or {@code learning_rate}, losses as a string, list, map by output or
 * serialized object).
 */
final class TrainingConfigs {

    private TrainingConfigs() {
    }

    /** The training config of a compiled model. */
    static Map<String, Object> of(Model model) {
        Map<String, Object> t = new LinkedHashMap<>();
        List<Object> losses = new ArrayList<>();
        for (int i = 0; i < model.lossNames().size(); i++) {
            losses.add(lossEntry(model.lossNames().get(i), model.losses().get(i), model.registries()));
        }
        if (losses.size() == 1) {
            t.put("loss", losses.get(0));
        } else {
            t.put("loss", losses);
        }
        List<Object> metrics = new ArrayList<>();
        for (Object m : model.metricSpecs()) {
            metrics.add(m instanceof Component c ? c.registryName() : String.valueOf(m));
        }
        t.put("metrics", metrics);
        t.put("weighted_metrics", null);
        List<Double> lw = model.lossWeights();
        boolean allOne = lw == null || lw.stream().allMatch(w -> w == 1.0);
        t.put("loss_weights", allOne ? null : new ArrayList<>(lw));
        t.put("sample_weight_mode", null);
        Optimizer opt = model.optimizer();
        Map<String, Object> oc = new LinkedHashMap<>();
        oc.put("class_name", opt.registryName());
        oc.put("config", floats(opt.config()));
        t.put("optimizer_config", oc);
        return t;
    }

    /**
     * A loss as Keras writes it: its name, or, when it was configured away from its defaults (e.g.
     * {@code label_smoothing_crossentropy} with {@code smoothing} 0.2), {@code {class_name, config}}
     * so that loading restores the settings.
     */
    private static Object lossEntry(String name, Loss loss, Registries registries) {
        if (name == null || loss == null || loss.config().isEmpty() || !registries.losses().contains(name)) {
            return name;
        }
        Map<String, Object> config = loss.config();
        if (config.equals(registries.losses().create(name).config())) {
            return name;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("class_name", name);
        entry.put("config", config);
        return entry;
    }

    /** Integral numbers of an optimizer config as doubles (DL4J casts every hyper-parameter to double). */
    private static Map<String, Object> floats(Map<String, Object> config) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : config.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Integer || v instanceof Long) {
                v = ((Number) v).doubleValue();
            }
            out.put(e.getKey(), v);
        }
        if (!out.containsKey("decay")) {
            out.put("decay", 0.0);
        }
        return out;
    }

    /** Compiles {@code model} as the training config says; IllegalArgumentException when it cannot. */
    @SuppressWarnings("unchecked")
    static void compile(Model model, Map<String, Object> training, Registries registries) {
        Object oc = training.get("optimizer_config");
        if (!(oc instanceof Map<?, ?> ocMap) || !(ocMap.get("class_name") instanceof String optClass)) {
            throw new IllegalArgumentException("training_config has no optimizer_config {class_name, config}");
        }
        Map<String, Object> optConfig = ocMap.get("config") instanceof Map<?, ?> m
                ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
        Optimizer optimizer = optimizer(optClass, optConfig, registries);
        CompileOptions options = new CompileOptions().optimizer(optimizer);
        List<Object> losses = losses(training.get("loss"), model, registries);
        options.losses(losses.toArray());
        Object metrics = training.get("metrics");
        options.metrics(metrics(metrics));
        Object lw = training.get("loss_weights");
        if (lw instanceof List<?> list && !list.isEmpty()) {
            options.lossWeights(list.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray());
        } else if (lw instanceof Map<?, ?> map && !map.isEmpty()) {
            List<String> outs = model.outputNames();
            double[] w = new double[outs.size()];
            for (int i = 0; i < w.length; i++) {
                Object v = map.get(outs.get(i));
                w[i] = v instanceof Number n ? n.doubleValue() : 1.0;
            }
            options.lossWeights(w);
        }
        model.compile(options);
    }

    /**
     * The optimizer by class name and config. Keras 2.2's {@code lr} is read by the optimizers
     * themselves (as {@code learning_rate}); keys other Keras versions add and this optimizer does
     * not know ({@code amsgrad} on optimizers without it, {@code jit_compile}, ...) are ignored.
     */
    static Optimizer optimizer(String className, Map<String, Object> config, Registries registries) {
        ComponentRegistry<Optimizer> reg = registries.optimizers();
        if (!reg.contains(className)) {
            throw new IllegalArgumentException("the optimizer '" + className + "' is not registered. Known: "
                    + reg.names());
        }
        return reg.createIgnoringUnknownKeys(className, config);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> losses(Object loss, Model model, Registries registries) {
        List<Object> out = new ArrayList<>();
        if (loss == null) {
            out.add(null);
        } else if (loss instanceof String s) {
            out.add(lossName(s, registries));
        } else if (loss instanceof List<?> list) {
            for (Object o : list) {
                out.add(loss(o, registries));
            }
        } else if (loss instanceof Map<?, ?> map && map.containsKey("class_name")) {
            out.add(loss(map, registries));
        } else if (loss instanceof Map<?, ?> map) {
            for (String name : model.outputNames()) {
                out.add(loss(map.get(name), registries));
            }
        } else {
            throw new IllegalArgumentException("training_config has an unreadable loss: " + loss);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object loss(Object o, Registries registries) {
        if (o == null) {
            return null;
        }
        if (o instanceof String s) {
            return lossName(s, registries);
        }
        if (o instanceof Map<?, ?> m && m.get("class_name") instanceof String cls) {
            registries.losses().canonicalName(cls); // unknown: says which module or plugin provides it
            Map<String, Object> c = m.get("config") instanceof Map<?, ?> cm
                    ? new LinkedHashMap<>((Map<String, Object>) cm) : new LinkedHashMap<>();
            Map<String, Object> known = new LinkedHashMap<>();
            java.util.Set<String> keys = registries.losses().create(cls).config().keySet();
            c.forEach((k, v) -> {
                if (keys.contains(k) && v != null) {
                    known.put(k, v);
                }
            });
            return registries.losses().create(cls, known);
        }
        throw new IllegalArgumentException("training_config has an unreadable loss: " + o);
    }

    private static String lossName(String s, Registries registries) {
        registries.losses().canonicalName(s); // unknown: says which module or plugin provides it
        return s;
    }

    private static List<Object> metrics(Object metrics) {
        List<Object> out = new ArrayList<>();
        if (metrics instanceof List<?> list) {
            for (Object o : list) {
                addMetric(out, o);
            }
        } else if (metrics instanceof Map<?, ?> map) {
            for (Object v : map.values()) {
                if (v instanceof List<?> l) {
                    for (Object o : l) {
                        addMetric(out, o);
                    }
                } else {
                    addMetric(out, v);
                }
            }
        }
        return out;
    }

    private static void addMetric(List<Object> out, Object o) {
        String name = null;
        if (o instanceof String s) {
            name = s;
        } else if (o instanceof Map<?, ?> m && m.get("config") instanceof Map<?, ?> c && c.get("name") instanceof String s) {
            name = s; // tf.keras 2.x serialized metric objects (MeanMetricWrapper): their name is the metric
        }
        if (name != null && !out.contains(name)) {
            out.add(name);
        }
    }
}
