package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Model;
import dev.athanor.core.graph.ModelConfigs;
import dev.athanor.core.registry.Registries;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What Athanor writes has the structure real Keras 3.15.1 writes for the same model: in
 * {@code config.json} every object has the same keys and class names as in Keras's file of that
 * model (values may differ: ids, float spellings, an input's dtype), {@code metadata.json} has
 * Keras's keys, and {@code model.weights.h5} holds the same datasets with the same shapes.
 * Checked on the seven fixture models and on each of the 35 layers of {@code layers.json}.
 */
class Keras3StructureTest {

    @TempDir
    Path tmp;

    static Map<String, Object> entryJson(Path zip, String entry) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            return ModelConfigs.parseJson(new String(z.getInputStream(z.getEntry(entry)).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** Every place where the two trees differ in keys, class names or list lengths. */
    static List<String> structuralDifferences(Object keras, Object ours, String path) {
        List<String> out = new ArrayList<>();
        walk(keras, ours, path, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void walk(Object a, Object b, String path, List<String> out) {
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            TreeSet<String> ka = new TreeSet<>((java.util.Set<String>) ma.keySet());
            TreeSet<String> kb = new TreeSet<>((java.util.Set<String>) mb.keySet());
            ka.remove("shared_object_id");
            kb.remove("shared_object_id");
            if (!ka.equals(kb)) {
                TreeSet<String> onlyA = new TreeSet<>(ka);
                onlyA.removeAll(kb);
                TreeSet<String> onlyB = new TreeSet<>(kb);
                onlyB.removeAll(ka);
                out.add(path + ": only Keras has " + onlyA + ", only Athanor has " + onlyB);
            }
            for (String k : List.of("class_name", "module", "registered_name")) {
                if (ma.containsKey(k) && !String.valueOf(ma.get(k)).equals(String.valueOf(mb.get(k)))) {
                    out.add(path + "." + k + ": Keras " + ma.get(k) + ", Athanor " + mb.get(k));
                }
            }
            for (String k : ka) {
                if (kb.contains(k)) {
                    walk(ma.get(k), mb.get(k), path + "." + k, out);
                }
            }
        } else if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                out.add(path + ": Keras has " + la.size() + " elements, Athanor " + lb.size());
            }
            for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
                walk(la.get(i), lb.get(i), path + "[" + i + "]", out);
            }
        } else if ((a instanceof Map || a instanceof List || b instanceof Map || b instanceof List)
                || (a == null) != (b == null) && !(a == null || b == null)) {
            out.add(path + ": Keras " + a + ", Athanor " + b);
        } else if ((a == null) != (b == null) || a != null && !(a instanceof Number && b instanceof Number)
                && a.getClass() != b.getClass()) {
            out.add(path + ": Keras " + a + ", Athanor " + b);
        }
    }

    /** Dataset path → shape of an HDF5 file, for the structure comparison. */
    static Map<String, String> datasets(Group g, String path, Map<String, String> out) {
        for (Map.Entry<String, Node> e : g.getChildren().entrySet()) {
            String p = path.isEmpty() ? e.getKey() : path + "/" + e.getKey();
            if (e.getValue() instanceof Group child) {
                datasets(child, p, out);
            } else if (e.getValue() instanceof Dataset d) {
                out.put(p, Arrays.toString(d.getDimensions()));
            }
        }
        return out;
    }

    static Map<String, String> weightsLayout(Path keras) throws IOException {
        try (ZipFile z = new ZipFile(keras.toFile());
             HdfFile f = HdfFile.fromBytes(z.getInputStream(z.getEntry("model.weights.h5")).readAllBytes())) {
            return datasets(f, "", new TreeMap<>());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "two_input", "conv_bn", "embed_lstm", "conv1d_gru", "residual_ln", "custom_loss"})
    void writtenFilesHaveKerasStructure(String name) throws IOException {
        Registries r = Keras3WriteTest.registries();
        Path kerasFile = Keras3FixturesTest.DIR.resolve(name + ".keras");
        Model m = new KerasFormat().load(kerasFile, r);
        Path ours = tmp.resolve(name + ".keras");
        m.save(ours);

        List<String> diffs = structuralDifferences(entryJson(kerasFile, "config.json"),
                entryJson(ours, "config.json"), "config.json");
        assertTrue(diffs.isEmpty(), name + ": config.json differs from Keras's in structure:\n" + String.join("\n", diffs));

        Map<String, Object> kerasMeta = entryJson(kerasFile, "metadata.json");
        Map<String, Object> ourMeta = entryJson(ours, "metadata.json");
        assertTrue(ourMeta.keySet().containsAll(kerasMeta.keySet()), name + ": metadata.json keys " + ourMeta.keySet()
                + " lack some of Keras's " + kerasMeta.keySet());
        assertEquals("3.15.1", ourMeta.get("keras_version"));

        assertEquals(weightsLayout(kerasFile), weightsLayout(ours), name + ": datasets of model.weights.h5");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyCatalogLayerIsWrittenAsKeras3WritesIt() throws IOException {
        List<Object> catalog = (List<Object>) ModelConfigs.parseJson("{\"c\":" + Files.readString(
                Keras3FixturesTest.DIR.resolve("layers.json")) + "}").get("c");
        Registries r = Registries.defaults();
        List<String> failures = new ArrayList<>();
        for (Object o : catalog) {
            Map<String, Object> e = (Map<String, Object>) o;
            String cls = (String) e.get("class_name");
            Map<String, Object> layer = new LinkedHashMap<>((Map<String, Object>) e.get("serialized"));
            List<Object> shapes = (List<Object>) e.get("input_shapes");
            Map<String, Object> model = holder(layer, shapes);
            try {
                Model m = KerasFormat.buildModel(tmp.resolve(cls + ".keras"), model, r);
                Map<String, Object> written = Keras3Configs.modelToKeras3(m);
                List<Object> layers = (List<Object>) ((Map<String, Object>) written.get("config")).get("layers");
                Map<String, Object> ours = new LinkedHashMap<>((Map<String, Object>) layers.get(layers.size() - 1));
                ours.remove("name");
                ours.remove("inbound_nodes");
                failures.addAll(structuralDifferences(layer, ours, cls));
            } catch (IOException | RuntimeException ex) {
                failures.add(cls + ": " + ex);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** A Keras 3 model config holding {@code layer} after one InputLayer per input shape. */
    static Map<String, Object> holder(Map<String, Object> layer, List<Object> shapes) {
        List<Object> layers = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        List<Object> inputRefs = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            List<Object> batch = new ArrayList<>();
            batch.add(null);
            batch.addAll((List<?>) shapes.get(i));
            String in = "in" + i;
            layers.add(Map.of("module", "keras.layers", "class_name", "InputLayer", "name", in, "inbound_nodes", List.of(),
                    "config", Map.of("batch_shape", batch, "dtype", "float32", "name", in)));
            args.add(Map.of("class_name", "__keras_tensor__", "config", Map.of("shape", batch, "dtype", "float32",
                    "keras_history", List.of(in, 0, 0))));
            inputRefs.add(List.of(in, 0, 0));
        }
        String name = (String) ((Map<?, ?>) layer.get("config")).get("name");
        Map<String, Object> entry = new LinkedHashMap<>(layer);
        entry.put("name", name);
        entry.put("inbound_nodes", List.of(Map.of("args", args.size() == 1 ? args : List.of(args), "kwargs", Map.of())));
        layers.add(entry);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", "holder");
        config.put("layers", layers);
        config.put("input_layers", inputRefs);
        config.put("output_layers", List.of(List.of(name, 0, 0)));
        return Map.of("class_name", "Functional", "config", config);
    }
}
