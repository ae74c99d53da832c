package dev.athanor.io;

import dev.athanor.core.Variable;
import dev.athanor.core.layers.Layer;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writing Keras's weight layout with jhdf: one group per layer with {@code weight_names}, datasets
 * at nested groups (a {@code /} in a weight name becomes a group, never part of a link name), and
 * ND4J arrays converted to Java arrays of the same type and shape.
 */
final class H5Writing {

    private H5Writing() {
    }

    /** Keras's {@code save_weights_to_hdf5_group}: layer_names, backend, keras_version, per-layer groups. */
    static void putLayerWeights(WritableGroup target, List<Layer> layers) {
        List<String> names = new ArrayList<>();
        for (Layer l : layers) {
            if (l.name().isEmpty() || l.name().contains("/") || l.name().equals(".")) {
                throw new IllegalStateException("The layer name '" + l.name() + "' cannot be an HDF5 group name"
                        + " (empty, '.' or containing '/'); rename the layer.");
            }
            if (names.contains(l.name())) {
                throw new IllegalStateException("Two layers are named '" + l.name() + "'; layer names must be unique"
                        + " to be saved.");
            }
            names.add(l.name());
        }
        H5Names.putNames(target, "layer_names", names);
        target.putAttribute("backend", H5Format.BACKEND);
        target.putAttribute("keras_version", H5Format.KERAS_VERSION);
        for (Layer l : layers) {
            WritableGroup g = target.putGroup(l.name());
            putVariables(g, l.variables());
        }
    }

    /** {@code weight_names} plus one dataset per variable under nested groups. */
    static void putVariables(WritableGroup g, List<Variable> vars) {
        List<String> weightNames = new ArrayList<>();
        for (Variable v : vars) {
            weightNames.add(v.name());
        }
        H5Names.putNames(g, "weight_names", weightNames);
        for (Variable v : vars) {
            putDataset(g, v.name(), v.value());
        }
    }

    /** A dataset at a slash-separated path relative to {@code root}, creating intermediate groups. */
    static void putDataset(WritableGroup root, String path, INDArray value) {
        String[] parts = path.split("/");
        WritableGroup g = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Node child = g.getChild(parts[i]);
            if (child instanceof WritableGroup wg) {
                g = wg;
            } else if (child == null) {
                g = g.putGroup(parts[i]);
            } else {
                throw new IllegalStateException("Cannot create group '" + parts[i] + "' for '" + path
                        + "': a dataset of that name exists.");
            }
        }
        if (g.getChild(parts[parts.length - 1]) != null) {
            throw new IllegalStateException("Two weights share the name '" + path + "'; rename a layer.");
        }
        Object data = javaArray(value, path);
        g.putDataset(parts[parts.length - 1], data).putAttribute(WeightChecksum.ATTRIBUTE, WeightChecksum.of(data));
    }

    /** The value as a boxed scalar or a nested Java primitive array in C order. */
    static Object javaArray(INDArray value, String name) {
        INDArray a = value.dup('c');
        long[] shape = a.shape();
        DataType dt = a.dataType();
        for (long s : shape) {
            if (s == 0) {
                throw new IllegalStateException("The weight '" + name + "' is empty (shape has a 0);"
                        + " jhdf cannot write zero-length arrays.");
            }
        }
        if (a.rank() == 0) {
            switch (dt) {
                case DOUBLE: return a.getDouble(0);
                case LONG: return a.getLong(0);
                case INT: return a.getInt(0);
                default: return a.getFloat(0);
            }
        }
        Object flat;
        Class<?> component;
        switch (dt) {
            case DOUBLE -> { flat = a.data().asDouble(); component = double.class; }
            case LONG -> { flat = a.data().asLong(); component = long.class; }
            case INT -> { flat = a.data().asInt(); component = int.class; }
            default -> { flat = a.castTo(DataType.FLOAT).data().asFloat(); component = float.class; }
        }
        int[] dims = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = Math.toIntExact(shape[i]);
        }
        Object out = Array.newInstance(component, dims);
        fill(out, flat, dims, 0, new int[] {0});
        return out;
    }

    private static void fill(Object target, Object flat, int[] dims, int depth, int[] pos) {
        if (depth == dims.length - 1) {
            System.arraycopy(flat, pos[0], target, 0, dims[depth]);
            pos[0] += dims[depth];
            return;
        }
        for (int i = 0; i < dims[depth]; i++) {
            fill(Array.get(target, i), flat, dims, depth + 1, pos);
        }
    }
}
