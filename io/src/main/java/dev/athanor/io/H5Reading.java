package dev.athanor.io;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reading what Keras (any 2.x version) and Athanor write, through jhdf: fixed- or variable-length
 * strings, chunked name lists, empty name lists in their three spellings, and datasets of any
 * float or integer type as ND4J arrays. Every problem is a {@link ModelFileException}.
 */
final class H5Reading {

    private final Path file;

    H5Reading(Path file) {
        this.file = file;
    }

    ModelFileException error(String problem) {
        return new ModelFileException(file, problem);
    }

    /** An attribute or null when absent. */
    static Attribute attribute(Node node, String name) {
        return node.getAttributes().get(name); // jhdf exceptions are turned into ModelFileException by the caller
    }

    /** A scalar string attribute, or null when absent. */
    String string(Node node, String name) throws ModelFileException {
        Attribute a = attribute(node, name);
        if (a == null) {
            return null;
        }
        Object data = a.getData();
        if (data instanceof String s) {
            return s;
        }
        if (data instanceof String[] arr && arr.length == 1) {
            return arr[0];
        }
        throw error("the attribute '" + name + "' should be a string but is " + describe(data));
    }

    /** A scalar string attribute that must exist. */
    String requiredString(Node node, String name, String where) throws ModelFileException {
        String s = string(node, name);
        if (s == null) {
            throw error("the attribute '" + name + "' is missing from " + where);
        }
        return s;
    }

    /**
     * A name list: {@code name} or the chunks {@code name0, name1, ...}; an empty float64 array, a
     * scalar empty string and an absent attribute all mean "no names". Returns null only when
     * neither the attribute nor its chunks exist.
     */
    List<String> names(Node node, String name) throws ModelFileException {
        Attribute a = attribute(node, name);
        if (a != null) {
            return namesOf(a, name);
        }
        if (attribute(node, name + "0") == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            Attribute c = attribute(node, name + i);
            if (c == null) {
                return out;
            }
            out.addAll(namesOf(c, name + i));
        }
    }

    private List<String> namesOf(Attribute a, String name) throws ModelFileException {
        Object data = a.getData();
        if (data == null) {
            return List.of(); // Keras's [] is an empty float64 array; jhdf returns null for it
        }
        if (data instanceof String s) {
            return s.isEmpty() ? List.of() : List.of(s);
        }
        if (data instanceof String[] arr) {
            List<String> out = new ArrayList<>();
            for (String s : arr) {
                if (s == null) {
                    throw error("the attribute '" + name + "' holds a null string");
                }
                out.add(s);
            }
            return out;
        }
        if (data.getClass().isArray() && java.lang.reflect.Array.getLength(data) == 0) {
            return List.of();
        }
        throw error("the attribute '" + name + "' should be a list of strings but is " + describe(data));
    }

    /** A child group, or null when absent. */
    static Group group(Group parent, String name) {
        Node n = parent.getChildren().get(name);
        return n instanceof Group g ? g : null;
    }

    /** The dataset at a Keras weight name such as {@code dense/kernel:0}, relative to {@code group}. */
    INDArray dataset(Group group, String weightName, String where) throws ModelFileException {
        Node n = group;
        for (String part : weightName.split("/")) {
            if (!(n instanceof Group g)) {
                n = null;
                break;
            }
            n = g.getChildren().get(part);
            if (n == null) {
                break;
            }
        }
        if (!(n instanceof Dataset d)) {
            throw error("the weight '" + weightName + "' listed in " + where + " has no dataset");
        }
        return toArray(d, weightName);
    }

    /** A dataset as an ND4J array in its stored type (float16 reads as float32). */
    INDArray toArray(Dataset d, String name) throws ModelFileException {
        int[] dims = d.getDimensions();
        long[] shape = Arrays.stream(dims).asLongStream().toArray();
        long count = 1;
        for (long s : shape) {
            if (s < 0) {
                throw error("the dataset '" + name + "' has a negative dimension");
            }
            count *= s;
        }
        if (d.isScalar() || dims.length == 0) {
            Object v = d.getData();
            verifyChecksum(d, name, v);
            if (v instanceof Float f) {
                return Nd4j.scalar(f.floatValue());
            } else if (v instanceof Double x) {
                return Nd4j.scalar(x.doubleValue());
            } else if (v instanceof Long x) {
                return Nd4j.scalar(x.longValue());
            } else if (v instanceof Integer x) {
                return Nd4j.scalar(x.intValue());
            } else if (v instanceof Number x) {
                return Nd4j.scalar(x.longValue());
            }
            throw error("the dataset '" + name + "' is not numeric: " + describe(v));
        }
        if (count == 0) {
            return Nd4j.create(DataType.FLOAT, shape, 'c');
        }
        Object flat = d.getDataFlat();
        if (flat == null || !flat.getClass().isArray() || java.lang.reflect.Array.getLength(flat) != count) {
            throw error("the dataset '" + name + "' holds " + describe(flat) + " instead of " + count + " numbers");
        }
        verifyChecksum(d, name, flat);
        if (flat instanceof float[] f) {
            return Nd4j.create(f, shape, 'c');
        } else if (flat instanceof double[] x) {
            return Nd4j.create(x, shape, 'c');
        } else if (flat instanceof long[] x) {
            return Nd4j.createFromArray(x).reshape('c', shape);
        } else if (flat instanceof int[] x) {
            return Nd4j.createFromArray(x).reshape('c', shape);
        } else if (flat instanceof short[] x) {
            int[] w = new int[x.length];
            for (int i = 0; i < x.length; i++) {
                w[i] = x[i];
            }
            return Nd4j.createFromArray(w).reshape('c', shape);
        } else if (flat instanceof byte[] x) {
            int[] w = new int[x.length];
            for (int i = 0; i < x.length; i++) {
                w[i] = x[i];
            }
            return Nd4j.createFromArray(w).reshape('c', shape);
        }
        throw error("the dataset '" + name + "' has an unsupported type " + describe(flat));
    }

    /** Checks the CRC-32C Athanor stores beside each weight it writes (absent in other writers' files). */
    private void verifyChecksum(Dataset d, String name, Object data) throws ModelFileException {
        Attribute a = attribute(d, WeightChecksum.ATTRIBUTE);
        if (a == null) {
            return;
        }
        Object stored = a.getData();
        if (stored instanceof long[] one && one.length == 1) {
            stored = one[0];
        }
        if (!(stored instanceof Number n)) {
            throw error("the dataset '" + name + "' has a malformed " + WeightChecksum.ATTRIBUTE + " attribute: "
                    + describe(stored));
        }
        long computed = WeightChecksum.of(data);
        if (n.longValue() != computed) {
            throw error(String.format("the weight '%s' fails its checksum (stored crc32c %08x, computed %08x): its"
                    + " bytes changed after Athanor wrote it. The file is corrupt; use another copy", name,
                    n.longValue(), computed));
        }
    }

    static String describe(Object data) {
        if (data == null) {
            return "nothing (an empty array)";
        }
        if (data.getClass().isArray()) {
            return "an array of " + data.getClass().getComponentType().getSimpleName();
        }
        return "a " + data.getClass().getSimpleName();
    }
}
