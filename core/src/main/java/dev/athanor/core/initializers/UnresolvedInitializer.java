package dev.athanor.core.initializers;

import dev.athanor.core.Initializer;
import dev.athanor.core.registry.UnknownComponentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stands in for an initializer that a model file names but no installed component provides (e.g. a
 * Python function such as {@code "kernel_initializer": "random_kernel"}), while a file whose stored
 * weights replace every initial value is loaded.
 *
 * <p>Why this is safe: an initializer only produces a weight's starting value. Loading a whole-model
 * file assigns every weight of every layer from the file (the loader refuses files whose layers or
 * weights do not match), so the unknown initializer cannot influence the loaded model, and nothing
 * from the file is executed — only its name is kept, so the config is written back unchanged.
 * Outside such a load ({@link #deferUnknown()} not open) the usual unknown-name error is raised,
 * and {@link #initialize} refuses to invent values, naming what to register.
 */
public final class UnresolvedInitializer implements Initializer {

    private static final ThreadLocal<Scope> SCOPE = new ThreadLocal<>();

    private final String name;
    private final Map<String, Object> config;

    private UnresolvedInitializer(String name, Map<String, Object> config) {
        this.name = name;
        this.config = config;
    }

    /**
     * Opens a scope in which unknown initializer names resolve to placeholders that fill zeros; the
     * caller promises to overwrite every weight (from the file) before the scope's model is used.
     */
    public static Scope deferUnknown() {
        Scope s = new Scope(SCOPE.get());
        SCOPE.set(s);
        return s;
    }

    /** A placeholder for {@code name} inside a {@link #deferUnknown()} scope; otherwise rethrows {@code e}. */
    static Initializer orRethrow(String name, Map<String, Object> config, UnknownComponentException e) {
        Scope s = SCOPE.get();
        if (s == null) {
            throw e;
        }
        s.names.add(name);
        return new UnresolvedInitializer(name, new LinkedHashMap<>(config));
    }

    @Override
    public String registryName() {
        return name;
    }

    @Override
    public Map<String, Object> config() {
        return new LinkedHashMap<>(config);
    }

    @Override
    public INDArray initialize(long[] shape, DataType dtype, Random random) {
        if (SCOPE.get() != null) {
            return Nd4j.zeros(dtype, shape); // replaced by the file's weights before the model is returned
        }
        throw new IllegalStateException("Initializer '" + name + "' is not registered: it was named by a model file"
                + " whose stored weights were used instead. To create new weights with it, register an Initializer"
                + " named '" + name + "' (a plugin), or configure the layer with a built-in initializer.");
    }

    /** The unknown names met while a {@link #deferUnknown()} scope was open. */
    public static final class Scope implements AutoCloseable {

        private final Scope previous;
        private final List<String> names = new ArrayList<>();

        private Scope(Scope previous) {
            this.previous = previous;
        }

        /** The unknown initializer names seen so far, in order (with repeats). */
        public List<String> unresolved() {
            return List.copyOf(names);
        }

        @Override
        public void close() {
            if (previous == null) {
                SCOPE.remove();
            } else {
                SCOPE.set(previous);
            }
        }
    }
}
