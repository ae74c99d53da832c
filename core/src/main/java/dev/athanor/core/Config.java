package dev.athanor.core;

import dev.athanor.core.registry.Registries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A component's config being read: typed getters that remember which keys were asked for, so that
 * {@link #rejectUnknown()} can name any key nobody understood (a typo, or a file from a newer
 * version) together with the keys that are known.
 */
public final class Config {

    private final String owner;
    private final Map<String, Object> values;
    private final Set<String> known = new LinkedHashSet<>();
    private final Registries registries;
    private boolean ignoreUnknown;

    /** Wraps a config map for the component named {@code owner} (used in error messages). */
    public Config(String owner, Map<String, ?> values) {
        this(owner, values, null);
    }

    /**
     * Wraps a config map read on behalf of {@code registries} (the registries creating the
     * component), so that nested components (a wrapper's inner layer) resolve through the same
     * registries; null means {@link Registries#defaults()}.
     */
    public Config(String owner, Map<String, ?> values, Registries registries) {
        this.owner = owner;
        this.values = values == null ? Map.of() : new LinkedHashMap<>(values);
        this.registries = registries;
    }

    /**
     * The registries nested components named in this config are created from: those that are
     * creating this component (e.g. a model file's loader's, which may include plugins), or the
     * defaults.
     */
    public Registries registries() {
        return registries != null ? registries : Registries.defaults();
    }

    /** The component the config belongs to. */
    public String owner() {
        return owner;
    }

    /** Whether the key is present (and marks it known). */
    public boolean has(String key) {
        known.add(key);
        return values.containsKey(key);
    }

    /** Marks keys as known but unused (Keras keys with no meaning here). */
    public void ignore(String... keys) {
        known.addAll(List.of(keys));
    }

    private Object lookup(String key, String... legacyNames) {
        known.add(key);
        for (String legacy : legacyNames) {
            known.add(legacy);
        }
        if (values.containsKey(key)) {
            return values.get(key);
        }
        for (String legacy : legacyNames) {
            if (values.containsKey(legacy)) {
                return values.get(legacy);
            }
        }
        return null;
    }

    private IllegalArgumentException wrongType(String key, String expected, Object v) {
        return new IllegalArgumentException("Config key '" + key + "' of " + owner + " must be " + expected
                + ". Received: " + key + "=" + v);
    }

    /** A raw JSON value or null. */
    public Object get(String key, String... legacyNames) {
        return lookup(key, legacyNames);
    }

    /** A number; {@code legacyNames} are older spellings accepted when reading (e.g. "lr"). */
    public double getDouble(String key, double dflt, String... legacyNames) {
        Object v = lookup(key, legacyNames);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(key, "a number", v);
    }

    /** A nullable number. */
    public Double getDoubleOrNull(String key, String... legacyNames) {
        Object v = lookup(key, legacyNames);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw wrongType(key, "a number or null", v);
    }

    /** An integer. */
    public long getLong(String key, long dflt) {
        Object v = lookup(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw wrongType(key, "an integer", v);
    }

    /** An int. */
    public int getInt(String key, int dflt) {
        long v = getLong(key, dflt);
        if (v != (int) v) {
            throw wrongType(key, "an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE, v);
        }
        return (int) v;
    }

    /** A boolean. */
    public boolean getBoolean(String key, boolean dflt) {
        Object v = lookup(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, "true or false", v);
    }

    /** A string. */
    public String getString(String key, String dflt) {
        Object v = lookup(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s) {
            return s;
        }
        throw wrongType(key, "a string", v);
    }

    /** A shape list; JSON nulls (unknown dimensions) become -1. Null when absent. */
    public long[] getShape(String key) {
        Object v = lookup(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            throw wrongType(key, "a list of integers", v);
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object d = list.get(i);
            if (d == null) {
                out[i] = -1;
            } else if (d instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() >= -1
                    && n.doubleValue() < Long.MAX_VALUE) {
                out[i] = n.longValue();
            } else {
                throw wrongType(key, "a list of integers", v);
            }
        }
        return out;
    }

    /** A list of integers (e.g. kernel_size), or null when absent. */
    public int[] getInts(String key) {
        long[] s = getShape(key);
        if (s == null) {
            return null;
        }
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            if (s[i] != (int) s[i]) {
                throw wrongType(key, "a list of integers below 2^31", lookup(key));
            }
            out[i] = (int) s[i];
        }
        return out;
    }

    /** A nested JSON object or null. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> getMap(String key) {
        Object v = lookup(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw wrongType(key, "an object", v);
    }

    /** A JSON list or null. */
    @SuppressWarnings("unchecked")
    public List<Object> getList(String key) {
        Object v = lookup(key);
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw wrongType(key, "a list", v);
    }

    /**
     * Makes {@link #rejectUnknown()} accept keys nobody read (they stay listed by
     * {@link #unknownKeys()}): for configs written by other programs, see
     * {@code ComponentRegistry.createIgnoringUnknownKeys}.
     */
    public Config ignoreUnknownKeys() {
        this.ignoreUnknown = true;
        return this;
    }

    /** Keys of the config that no getter asked for (so far), in the config's order. */
    public List<String> unknownKeys() {
        List<String> unknown = new ArrayList<>();
        for (String k : values.keySet()) {
            if (!known.contains(k)) {
                unknown.add(k);
            }
        }
        return unknown;
    }

    /** Throws if the config holds a key that no getter asked for (unless {@link #ignoreUnknownKeys()}). */
    public void rejectUnknown() {
        List<String> unknown = unknownKeys();
        if (!unknown.isEmpty() && !ignoreUnknown) {
            throw new IllegalArgumentException("Unknown config key" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown.stream().map(k -> "'" + k + "'").toList()) + " for " + owner
                    + ". Known keys: " + String.join(", ", new TreeSet<>(known)) + ".");
        }
    }
}
