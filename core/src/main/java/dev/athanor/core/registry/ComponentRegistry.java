package dev.athanor.core.registry;

import dev.athanor.core.Component;
import dev.athanor.core.Config;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components of one kind (losses, optimizers, ...) by name, discovered with
 * {@link ServiceLoader}. The only class that touches ServiceLoader.
 *
 * <p>Loading logs each provider with the jar it came from. A provider that fails to load is logged
 * and skipped, so one broken jar does not stop the others. Two different classes claiming one name
 * fail at once, naming both classes and their jars: there is never a silent winner. Explicit
 * {@link Registries#override overrides} (Guice bindings) are the one way to replace a name on purpose.
 *
 * <p>Instances are created fresh for every {@link #create} call and configured from a config map;
 * nothing is ever instantiated from a class name found in data.
 */
public final class ComponentRegistry<T extends Component> {

    private static final Logger LOG = LoggerFactory.getLogger(ComponentRegistry.class);

    /** One registered kind: its canonical name, how to make one, and where it came from. */
    record Entry<T>(String name, Supplier<? extends T> factory, Class<?> type, String source) {
    }

    private final String kind;
    private final Class<T> type;
    private final Map<String, Entry<T>> byName = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Registries owner;

    ComponentRegistry(String kind, Class<T> type, Registries owner) {
        this.kind = kind;
        this.type = type;
        this.owner = owner;
    }

    /** The kind's name in messages ("loss", "optimizer", ...). */
    public String kind() {
        return kind;
    }

    /** The SPI interface. */
    public Class<T> type() {
        return type;
    }

    /** Discovers the providers visible from {@code loader}; classes already registered are skipped. */
    synchronized void discover(ClassLoader loader) {
        Iterator<ServiceLoader.Provider<T>> it = ServiceLoader.load(type, loader).stream().iterator();
        while (true) {
            ServiceLoader.Provider<T> provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                String msg = "Skipping a " + kind + " provider that failed to load: " + e.getMessage();
                failures.add(msg);
                LOG.warn(msg);
                continue;
            }
            Class<?> cls;
            T probe;
            try {
                cls = provider.type();
                if (isRegistered(cls)) {
                    continue;
                }
                probe = provider.get();
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                String msg = "Skipping " + kind + " provider " + describe(provider) + ": " + e
                        + (e.getCause() != null ? " (caused by " + e.getCause() + ")" : "");
                failures.add(msg);
                LOG.warn(msg);
                continue;
            }
            add(probe, provider::get, cls, false);
        }
    }

    private String describe(ServiceLoader.Provider<T> p) {
        try {
            return p.type().getName() + " (" + Sources.jarOf(p.type()) + ")";
        } catch (Throwable t) {
            return "<unknown class>";
        }
    }

    private boolean isRegistered(Class<?> cls) {
        for (Entry<T> e : byName.values()) {
            if (e.type() == cls) {
                return true;
            }
        }
        return false;
    }

    /**
     * Registers a component kind. Unless {@code override}, a name already taken by another class is
     * an error naming both providers.
     */
    synchronized void add(T probe, Supplier<? extends T> factory, Class<?> cls, boolean override) {
        String name = probe.registryName();
        if (name == null || name.isBlank()) {
            String msg = "Skipping " + kind + " provider " + cls.getName() + " (" + Sources.jarOf(cls)
                    + "): registryName() returned no name.";
            failures.add(msg);
            LOG.warn(msg);
            return;
        }
        Entry<T> entry = new Entry<>(name, factory, cls, Sources.jarOf(cls));
        List<String> names = new ArrayList<>();
        names.add(name);
        names.addAll(probe.aliases());
        for (String n : names) {
            Entry<T> existing = byName.get(n);
            if (existing != null && existing.type() != cls && !override) {
                throw new IllegalStateException("Two " + kind + " providers claim the name '" + n + "': "
                        + existing.type().getName() + " (" + existing.source() + ") and " + cls.getName()
                        + " (" + entry.source() + "). Remove one of the jars, or rename one component.");
            }
        }
        for (String n : names) {
            byName.put(n, entry);
        }
        LOG.debug("Registered {} '{}' {} from {} ({})", kind, name, probe.aliases(), cls.getName(), entry.source());
    }

    /** Whether a name (or alias) resolves. */
    public synchronized boolean contains(String name) {
        return lookup(name) != null;
    }

    private Entry<T> lookup(String name) {
        Entry<T> e = byName.get(name);
        if (e != null) {
            return e;
        }
        Entry<T> ci = null;
        for (Map.Entry<String, Entry<T>> me : byName.entrySet()) {
            if (me.getKey().equalsIgnoreCase(name)) {
                if (ci != null && ci != me.getValue()) {
                    return null; // ambiguous by case: insist on the exact spelling
                }
                ci = me.getValue();
            }
        }
        return ci;
    }

    /** Every name and alias, sorted. */
    public synchronized SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(byName.keySet()));
    }

    /** The canonical registry name a name or alias resolves to. */
    public synchronized String canonicalName(String name) {
        return entryFor(name).name();
    }

    /** The class registered under a name or alias (for tools that show where a component comes from). */
    public synchronized Class<?> typeOf(String name) {
        return entryFor(name).type();
    }

    /** Messages about providers that failed to load. */
    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** A new instance with default settings. */
    public T create(String name) {
        return create(name, Map.of());
    }

    /**
     * A new instance configured from {@code config}. Unknown names fail with the known names and
     * the closest match; unknown config keys fail naming the key. Components named inside the
     * config (a wrapper's inner layer) are created from the same {@link Registries}.
     */
    public T create(String name, Map<String, ?> config) {
        return create(name, config, false);
    }

    /**
     * Like {@link #create(String, Map)}, but config keys the component does not read are ignored
     * (and logged) instead of rejected. Meant for configs written by other programs, e.g. a Keras
     * file's optimizer config, which carries keys of other Keras versions ({@code amsgrad} for an
     * optimizer without it, {@code jit_compile}, ...). Unknown names and bad values of known keys
     * still fail. User-written configs should go through {@link #create(String, Map)}, where a
     * misspelt key is an error.
     */
    public T createIgnoringUnknownKeys(String name, Map<String, ?> config) {
        return create(name, config, true);
    }

    private T create(String name, Map<String, ?> config, boolean ignoreUnknown) {
        Entry<T> e;
        synchronized (this) {
            e = entryFor(name);
        }
        T instance = e.factory().get();
        Config c = new Config(e.name(), config, owner);
        if (ignoreUnknown) {
            c.ignoreUnknownKeys();
        }
        instance.configure(c);
        c.rejectUnknown();
        List<String> ignored = c.unknownKeys();
        if (!ignored.isEmpty()) {
            LOG.info("Ignoring config key(s) {} that {} {} does not know.", ignored, kind, e.name());
        }
        return instance;
    }

    private Entry<T> entryFor(String name) {
        if (name == null) {
            throw new IllegalArgumentException("A " + kind + " name must not be null.");
        }
        Entry<T> e = lookup(name);
        if (e == null) {
            throw new UnknownComponentException(kind, name, byName.keySet(), failures);
        }
        return e;
    }
}
