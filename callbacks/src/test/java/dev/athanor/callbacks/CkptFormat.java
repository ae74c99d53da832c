package dev.athanor.callbacks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.athanor.core.Model;
import dev.athanor.core.ModelFormat;
import dev.athanor.core.SaveOptions;
import dev.athanor.core.WeightsLoadReport;
import dev.athanor.core.registry.Registries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Test-only stand-in for io's .h5 format (not yet on main): extension "ckpt", a JSON file with the
 * weights and the model's callback states. {@link #failNext} makes the next write produce a
 * truncated file and throw, as a crash midway would. Deliberately NOT atomic itself, so the tests
 * show that ModelCheckpoint's own temp-file-and-rename protects the previous checkpoint.
 */
public class CkptFormat implements ModelFormat {

    static volatile boolean failNext;
    static final List<Path> writes = new ArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String registryName() {
        return "ckpt";
    }

    @Override
    public List<String> extensions() {
        return List.of("ckpt");
    }

    @Override
    public void save(Model model, Path path, SaveOptions options) throws IOException {
        write(model, path, true);
    }

    @Override
    public void saveWeights(Model model, Path path) throws IOException {
        write(model, path, false);
    }

    private void write(Model model, Path path, boolean full) throws IOException {
        synchronized (writes) {
            writes.add(path);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kind", full ? "model" : "weights");
        List<double[]> ws = new ArrayList<>();
        for (INDArray w : model.getWeights()) {
            ws.add(w.dup().reshape(w.length()).toDoubleVector());
        }
        doc.put("weights", ws);
        if (full) {
            doc.put("callback_states", model.callbackStates());
        }
        byte[] bytes = JSON.writeValueAsBytes(doc);
        if (failNext) {
            failNext = false;
            Files.write(path, java.util.Arrays.copyOf(bytes, bytes.length / 3));
            throw new IOException("injected failure while writing " + path);
        }
        Files.write(path, bytes);
    }

    /** Reads a file: weights into {@code model} and the callback states into its map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path path, Model model) throws IOException {
        Map<String, Object> doc = JSON.readValue(path.toFile(), Map.class);
        List<List<Number>> ws = (List<List<Number>>) doc.get("weights");
        List<INDArray> current = model.getWeights();
        List<INDArray> values = new ArrayList<>();
        for (int i = 0; i < ws.size(); i++) {
            double[] v = ws.get(i).stream().mapToDouble(Number::doubleValue).toArray();
            values.add(Nd4j.create(v).reshape(current.get(i).shape()).castTo(current.get(i).dataType()));
        }
        model.setWeights(values);
        Object states = doc.get("callback_states");
        if (states instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                model.callbackStates().put((String) e.getKey(), (Map<String, Object>) e.getValue());
            }
        }
        return doc;
    }

    @Override
    public Model load(Path path, Registries registries) throws IOException {
        throw new IOException("CkptFormat cannot rebuild a model; use CkptFormat.read");
    }

    @Override
    public WeightsLoadReport loadWeights(Model model, Path path, boolean byName, boolean skipMismatch)
            throws IOException {
        throw new IOException("not supported by the test format");
    }
}
