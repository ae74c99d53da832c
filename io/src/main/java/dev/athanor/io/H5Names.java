package dev.athanor.io;

import io.jhdf.api.WritableGroup;
import io.jhdf.api.WritableNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras's string attributes as jhdf can write them: fixed-length strings, a size guard against
 * jhdf's silent corruption of attributes over about 59 KB, and Keras-style chunking of long name
 * lists into {@code name0}, {@code name1}, ...
 */
final class H5Names {

    /** Largest string attribute (in bytes) written; jhdf 0.13.0 corrupts files above about 59,500. */
    static final int ATTRIBUTE_LIMIT = 59_000;

    private H5Names() {
    }

    /** UTF-8 size of a scalar string attribute as jhdf stores it (NUL-terminated). */
    static int byteSize(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length + 1;
    }

    /** Writes a scalar string attribute, refusing (IllegalStateException) one too large to store. */
    static void putString(WritableNode node, String name, String value) {
        int size = byteSize(value);
        if (size > ATTRIBUTE_LIMIT) {
            throw new AttributeTooLargeException(name, size);
        }
        node.putAttribute(name, value);
    }

    /**
     * Writes a list of names as {@code name} or, when too large for one attribute, as
     * {@code name0..N} (Keras's {@code save_attributes_to_hdf5_group}). An empty list is written as
     * the scalar {@code ""}, because jhdf cannot write zero-length arrays.
     */
    static void putNames(WritableGroup node, String name, List<String> values) {
        if (values.isEmpty()) {
            node.putAttribute(name, "");
            return;
        }
        for (String v : values) {
            if (byteSize(v) > ATTRIBUTE_LIMIT) {
                throw new AttributeTooLargeException(name + " entry '" + v.substring(0, 40) + "...'", byteSize(v));
            }
        }
        int chunks = 1;
        List<List<String>> split = split(values, chunks);
        while (split.stream().anyMatch(c -> arraySize(c) > ATTRIBUTE_LIMIT)) {
            chunks++;
            split = split(values, chunks);
        }
        if (chunks == 1) {
            node.putAttribute(name, values.toArray(String[]::new));
        } else {
            for (int i = 0; i < chunks; i++) {
                node.putAttribute(name + i, split.get(i).toArray(String[]::new));
            }
        }
    }

    private static int arraySize(List<String> values) {
        int max = 0;
        for (String v : values) {
            max = Math.max(max, byteSize(v));
        }
        return max * values.size();
    }

    /** numpy.array_split: the first {@code n % k} chunks get one extra element. */
    private static List<List<String>> split(List<String> values, int k) {
        List<List<String>> out = new ArrayList<>();
        int n = values.size();
        int base = n / k;
        int extra = n % k;
        int start = 0;
        for (int i = 0; i < k; i++) {
            int len = base + (i < extra ? 1 : 0);
            out.add(values.subList(start, start + len));
            start += len;
        }
        return out;
    }

    /** Thrown while writing when an attribute cannot be stored safely. */
    static final class AttributeTooLargeException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        AttributeTooLargeException(String name, int size) {
            super("the attribute '" + name + "' would be " + size + " bytes, but jhdf 0.13.0 can only store string"
                    + " attributes up to " + ATTRIBUTE_LIMIT + " bytes (larger ones silently corrupt the file)."
                    + (name.equals("model_config") ? " The model config is too large for the .h5 format here;"
                    + " save the architecture as JSON (model.toJson()) and the weights with saveWeights." : ""));
        }
    }
}
