package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Wrapper}: a layer that runs other layers (Bidirectional, TimeDistributed). Its
 * weights are the wrapped layers' weights, in their order; freezing the wrapper freezes them all.
 * Its config holds the wrapped layer as {@code {"class_name": ..., "config": ...}}, created again
 * through the layer registry (so only registered layers).
 */
public abstract class Wrapper extends Layer {

    /** The wrapped layers whose weights this layer owns, in Keras weight order. */
    protected abstract List<Layer> wrapped();

    @Override
    public List<Variable> trainableWeights() {
        if (!trainable()) {
            return List.of();
        }
        List<Variable> out = new ArrayList<>();
        for (Layer l : wrapped()) {
            out.addAll(l.trainableWeights());
        }
        return out;
    }

    @Override
    public List<Variable> nonTrainableWeights() {
        List<Variable> out = new ArrayList<>();
        for (Layer l : wrapped()) {
            out.addAll(trainable() ? l.nonTrainableWeights() : l.variables());
        }
        return out;
    }

    @Override
    public List<Variable> variables() {
        List<Variable> out = new ArrayList<>();
        for (Layer l : wrapped()) {
            out.addAll(l.variables());
        }
        return out;
    }

    @Override
    public List<Tensor> regularizationLosses() {
        List<Tensor> out = new ArrayList<>(super.regularizationLosses());
        for (Layer l : wrapped()) {
            out.addAll(l.regularizationLosses());
        }
        return out;
    }

    /** {@code {"class_name": registry name, "config": config}}, as Keras serializes a layer. */
    protected static Map<String, Object> serialize(Layer layer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", layer.registryName());
        m.put("config", layer.config());
        return m;
    }

    /**
     * Creates a layer from {@code {"class_name", "config"}} through the layer registry of the
     * registries reading {@code owner} (so a plugin layer loaded with {@code Plugins.load(dir, r)}
     * is found when the model is read with {@code r}).
     */
    protected static Layer deserialize(Config owner, String key, Map<String, Object> spec) {
        if (spec == null || !(spec.get("class_name") instanceof String name)
                || !(spec.get("config") instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("Config key '" + key + "' of " + owner.owner()
                    + " must be {\"class_name\": ..., \"config\": {...}}. Received: " + key + "=" + spec);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) spec.get("config");
        return owner.registries().layers().create(name, config);
    }

    /**
     * A fresh layer of {@code template}'s class configured from {@code config}: Keras's
     * {@code layer.__class__.from_config(config)}, for copies of a layer the user passed in (its
     * class may come from a plugin that no registry in reach knows).
     */
    protected static Layer newLike(Layer template, Map<String, Object> config) {
        Layer copy;
        try {
            copy = template.getClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Cannot copy layer '" + template.name() + "' ("
                    + template.getClass().getName() + "): a layer needs a public no-argument constructor. " + e, e);
        }
        Config c = new Config(template.registryName(), config);
        copy.configure(c);
        c.rejectUnknown();
        return copy;
    }
}
