package dev.athanor.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a Keras .h5 file holds, read straight from its attributes (no model is built, so this works
 * even when a component the file needs is missing).
 */
record H5Summary(String kerasVersion, String backend, String athanorVersion, Map<String, Object> modelConfig,
        Map<String, Object> trainingConfig, List<String> layerNames, int optimizerWeights, List<String> callbackStates) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static H5Summary read(Path file) throws IOException {
        try (HdfFile h5 = new HdfFile(file)) {
            Node weights = h5.getChildren().get("model_weights");
            Node optimizer = h5.getChildren().get("optimizer_weights");
            Map<String, Object> callbacks = json(h5, "athanor_callback_states", file);
            return new H5Summary(string(h5, "keras_version"), string(h5, "backend"), string(h5, "athanor_version"),
                    json(h5, "model_config", file), json(h5, "training_config", file),
                    weights instanceof Group g ? names(g, "layer_names") : names(h5, "layer_names"),
                    optimizer instanceof Group g ? names(g, "weight_names").size() : 0,
                    callbacks == null ? List.of() : new ArrayList<>(callbacks.keySet()));
        } catch (RuntimeException e) {
            throw new IOException("Cannot read " + file + " as an HDF5 model file: " + Failures.message(e), e);
        }
    }

    private static String string(Node node, String name) {
        Attribute a = node.getAttributes().get(name);
        if (a == null) {
            return null;
        }
        Object d = a.getData();
        if (d instanceof String[] arr && arr.length == 1) {
            return arr[0];
        }
        return d instanceof String s ? s : String.valueOf(d);
    }

    private static Map<String, Object> json(Node node, String name, Path file) throws IOException {
        String s = string(node, name);
        if (s == null) {
            return null;
        }
        try {
            return JSON.readValue(s, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IOException(file + ": the attribute '" + name + "' is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** A name list, possibly chunked Keras-style into name0, name1, ... */
    private static List<String> names(Node node, String name) {
        List<String> out = new ArrayList<>();
        Attribute a = node.getAttributes().get(name);
        if (a != null) {
            add(out, a.getData());
            return out;
        }
        for (int i = 0; (a = node.getAttributes().get(name + i)) != null; i++) {
            add(out, a.getData());
        }
        return out;
    }

    private static void add(List<String> out, Object data) {
        if (data instanceof String[] arr) {
            for (String s : arr) {
                out.add(s);
            }
        } else if (data instanceof String s && !s.isEmpty()) {
            out.add(s);
        }
    }
}
