package dev.athanor.core.registry;

import dev.athanor.core.Callback;
import dev.athanor.core.Component;
import dev.athanor.core.Constraint;
import dev.athanor.core.Initializer;
import dev.athanor.core.LearningRateSchedule;
import dev.athanor.core.Loss;
import dev.athanor.core.Metric;
import dev.athanor.core.ModelFormat;
import dev.athanor.core.Optimizer;
import dev.athanor.core.Regularizer;
import dev.athanor.core.layers.Layer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One {@link ComponentRegistry} per SPI: layers, losses, metrics, optimizers, schedules,
 * callbacks, model formats, initializers, regularizers and constraints.
 *
 * <p>Applications that embed Athanor get an instance from Guice ({@code AthanorModule}) or build
 * one with {@link #discover(ClassLoader)}. Code that never asks uses {@link #defaults()}, built
 * lazily on first use from the context class loader; {@code Plugins.load(dir)} adds to it.
 */
public final class Registries {

    private final Map<Class<?>, ComponentRegistry<?>> byType = new LinkedHashMap<>();
    private final List<ClassLoader> loaders = new ArrayList<>();
    private final List<String> pluginWarnings = new ArrayList<>();

    private Registries() {
        put("layer", Layer.class);
        put("loss", Loss.class);
        put("metric", Metric.class);
        put("optimizer", Optimizer.class);
        put("learning rate schedule", LearningRateSchedule.class);
        put("callback", Callback.class);
        put("model format", ModelFormat.class);
        put("initializer", Initializer.class);
        put("regularizer", Regularizer.class);
        put("constraint", Constraint.class);
    }

    private <T extends Component> void put(String kind, Class<T> type) {
        byType.put(type, new ComponentRegistry<>(kind, type, this));
    }

    /** Registries holding every provider visible from {@code loader}. */
    public static Registries discover(ClassLoader loader) {
        Registries r = new Registries();
        r.addClassLoader(loader);
        return r;
    }

    private static final class DefaultHolder {
        static final Registries INSTANCE = discover(defaultLoader());

        private static ClassLoader defaultLoader() {
            ClassLoader ctx = Thread.currentThread().getContextClassLoader();
            return ctx != null ? ctx : Registries.class.getClassLoader();
        }
    }

    /** The process-wide registries used when no instance is passed explicitly. */
    public static Registries defaults() {
        return DefaultHolder.INSTANCE;
    }

    /** Discovers the providers visible from another class loader (a plugin folder's). */
    public synchronized void addClassLoader(ClassLoader loader) {
        loaders.add(loader);
        for (ComponentRegistry<?> r : byType.values()) {
            r.discover(loader);
        }
    }

    /** Class loaders searched so far (the first is the application's). */
    public synchronized List<ClassLoader> classLoaders() {
        return List.copyOf(loaders);
    }

    /** The fully qualified names of the SPI interfaces, as plugin jars name them in META-INF/services. */
    public List<String> spiNames() {
        return byType.keySet().stream().map(Class::getName).toList();
    }

    /** Problems found in plugin jars that did not stop loading (e.g. a jar that registers nothing). */
    public synchronized List<String> pluginWarnings() {
        return List.copyOf(pluginWarnings);
    }

    synchronized void addPluginWarning(String warning) {
        pluginWarnings.add(warning);
    }

    /** The registry for one SPI interface. */
    @SuppressWarnings("unchecked")
    public <T extends Component> ComponentRegistry<T> of(Class<T> type) {
        ComponentRegistry<?> r = byType.get(type);
        if (r == null) {
            throw new IllegalArgumentException(type.getName() + " is not an Athanor SPI; known: " + byType.keySet());
        }
        return (ComponentRegistry<T>) r;
    }

    /**
     * Registers or replaces a component on purpose (e.g. from a Guice binding); unlike discovery,
     * an existing name is overridden.
     */
    public <T extends Component> void override(Class<T> type, Supplier<? extends T> factory) {
        T probe = factory.get();
        of(type).add(probe, factory, probe.getClass(), true);
    }

    /** Layers. */
    public ComponentRegistry<Layer> layers() {
        return of(Layer.class);
    }

    /** Losses. */
    public ComponentRegistry<Loss> losses() {
        return of(Loss.class);
    }

    /** Metrics. */
    public ComponentRegistry<Metric> metrics() {
        return of(Metric.class);
    }

    /** Optimizers. */
    public ComponentRegistry<Optimizer> optimizers() {
        return of(Optimizer.class);
    }

    /** Learning-rate schedules. */
    public ComponentRegistry<LearningRateSchedule> schedules() {
        return of(LearningRateSchedule.class);
    }

    /** Callbacks. */
    public ComponentRegistry<Callback> callbacks() {
        return of(Callback.class);
    }

    /** File formats by extension. */
    public ComponentRegistry<ModelFormat> formats() {
        return of(ModelFormat.class);
    }

    /** Initializers. */
    public ComponentRegistry<Initializer> initializers() {
        return of(Initializer.class);
    }

    /** Regularizers. */
    public ComponentRegistry<Regularizer> regularizers() {
        return of(Regularizer.class);
    }

    /** Constraints. */
    public ComponentRegistry<Constraint> constraints() {
        return of(Constraint.class);
    }
}
