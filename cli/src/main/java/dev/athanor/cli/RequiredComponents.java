package dev.athanor.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registered components a model file names: layers (and the initializers, regularizers and
 * constraints in their configs) from model_config; loss, metrics and optimizer from training_config.
 */
final class RequiredComponents {

    /** One component: its kind ("layer", "loss", ...) and the name the file uses. */
    record Need(String kind, String name) {
    }

    private static final Set<String> CONTAINERS = Set.of("Sequential", "Model", "Functional");

    private RequiredComponents() {
    }

    static List<Need> of(Map<String, Object> modelConfig, Map<String, Object> trainingConfig) {
        Set<Need> needs = new LinkedHashSet<>();
        if (modelConfig != null) {
            model(modelConfig, needs);
        }
        if (trainingConfig != null) {
            losses(trainingConfig.get("loss"), needs);
            metrics(trainingConfig.get("metrics"), needs);
            metrics(trainingConfig.get("weighted_metrics"), needs);
            if (trainingConfig.get("optimizer_config") instanceof Map<?, ?> oc && oc.get("class_name") instanceof String n) {
                needs.add(new Need("optimizer", n));
            }
        }
        return new ArrayList<>(needs);
    }

    private static void model(Map<?, ?> model, Set<Need> needs) {
        Object config = model.get("config");
        Object layers = config instanceof Map<?, ?> c ? c.get("layers") : null;
        if (config instanceof List<?> legacy) {
            layers = legacy; // Keras 2.0-2.1 Sequential: config is the layer list
        }
        if (!(layers instanceof List<?> list)) {
            return;
        }
        for (Object l : list) {
            if (!(l instanceof Map<?, ?> layer) || !(layer.get("class_name") instanceof String cls)) {
                continue;
            }
            if (CONTAINERS.contains(cls)) {
                model(layer, needs);
                continue;
            }
            needs.add(new Need("layer", cls));
            if (layer.get("config") instanceof Map<?, ?> lc) {
                nested(lc, needs);
            }
        }
    }

    /** Serialized {class_name, config} objects inside a layer config, by the key's suffix. */
    private static void nested(Map<?, ?> config, Set<Need> needs) {
        for (Map.Entry<?, ?> e : config.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Map<?, ?> v) || !(v.get("class_name") instanceof String cls)) {
                continue;
            }
            if (key.endsWith("_initializer")) {
                needs.add(new Need("initializer", cls));
            } else if (key.endsWith("_regularizer")) {
                needs.add(new Need("regularizer", cls));
            } else if (key.endsWith("_constraint")) {
                needs.add(new Need("constraint", cls));
            } else if (key.equals("layer") || key.equals("cell")) {
                needs.add(new Need("layer", cls)); // wrappers (Bidirectional, TimeDistributed, RNN cells)
                if (v.get("config") instanceof Map<?, ?> inner) {
                    nested(inner, needs);
                }
            }
        }
    }

    private static void losses(Object loss, Set<Need> needs) {
        if (loss instanceof String s) {
            needs.add(new Need("loss", s));
        } else if (loss instanceof List<?> list) {
            list.forEach(l -> losses(l, needs));
        } else if (loss instanceof Map<?, ?> m) {
            if (m.get("class_name") instanceof String cls) {
                needs.add(new Need("loss", cls));
            } else {
                m.values().forEach(l -> losses(l, needs)); // per-output map
            }
        }
    }

    private static void metrics(Object metrics, Set<Need> needs) {
        if (metrics instanceof String s) {
            needs.add(new Need("metric", s));
        } else if (metrics instanceof List<?> list) {
            list.forEach(m -> metrics(m, needs));
        } else if (metrics instanceof Map<?, ?> m) {
            if (m.get("class_name") instanceof String cls) {
                // tf.keras 2.x serializes metrics as MeanMetricWrapper objects; io resolves them by config.name
                Object name = m.get("config") instanceof Map<?, ?> c ? c.get("name") : null;
                needs.add(new Need("metric", name instanceof String n ? n : cls));
            } else {
                m.values().forEach(v -> metrics(v, needs));
            }
        }
    }
}
