package dev.athanor.core;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The record of a fit (Keras's {@code History}): per log key, one value per epoch. Always attached
 * to fit (it runs after every other callback) and returned by it. It keeps no reference to the
 * model, so it can be saved, loaded and kept after the model is gone.
 */
public final class History implements Callback {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, List<Double>> history = new LinkedHashMap<>();
    private final List<Integer> epochs = new ArrayList<>();
    private Map<String, Object> params = new LinkedHashMap<>();

    @Override
    public void setParams(FitParams p) {
        params = new LinkedHashMap<>();
        params.put("epochs", p.epochs());
        params.put("steps", p.steps());
        params.put("samples", p.samples());
        params.put("batch_size", p.batchSize());
        params.put("verbose", p.verbose());
        params.put("metrics", p.logKeys());
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochs.add(epoch);
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            history.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
    }

    /** Per log key ("loss", "acc", "val_loss", ...), one value per epoch. */
    public Map<String, List<Double>> history() {
        return history;
    }

    /** The epoch indices recorded (0-based). */
    public List<Integer> epochs() {
        return epochs;
    }

    /** The fit's parameters (epochs, steps, samples, batch_size, verbose, metrics). */
    public Map<String, Object> params() {
        return params;
    }

    /** Like Python's {@code str(history.history)}: {@code {'loss': [0.5, 0.25], ...}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, List<Double>> e : history.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append('\'').append(e.getKey()).append("': [");
            for (int i = 0; i < e.getValue().size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(PythonFloat.repr(e.getValue().get(i)));
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }

    /** Writes {@code {"history": ..., "epoch": ..., "params": ...}} as JSON, atomically. */
    public void save(Path path) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("history", history);
        doc.put("epoch", epochs);
        doc.put("params", params);
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        AtomicFiles.write(path, true, tmp -> JSON.writeValue(tmp.toFile(), doc));
    }

    /** Reads a file written by {@link #save}. */
    public static History load(Path path) throws IOException {
        Map<String, Object> doc;
        try {
            doc = JSON.readValue(path.toFile(), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IOException("Cannot read history file " + path + ": " + e.getMessage(), e);
        }
        History h = new History();
        Object hist = doc.get("history");
        if (!(hist instanceof Map<?, ?> m)) {
            throw new IOException("History file " + path + " has no \"history\" object.");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            List<Double> values = new ArrayList<>();
            for (Object v : (List<?>) e.getValue()) {
                values.add(v == null ? Double.NaN : ((Number) v).doubleValue());
            }
            h.history.put(String.valueOf(e.getKey()), values);
        }
        if (doc.get("epoch") instanceof List<?> ep) {
            for (Object o : ep) {
                h.epochs.add(((Number) o).intValue());
            }
        }
        if (doc.get("params") instanceof Map<?, ?> p) {
            for (Map.Entry<?, ?> e : p.entrySet()) {
                h.params.put(String.valueOf(e.getKey()), e.getValue());
            }
        }
        return h;
    }

    /** Writes the history as CSV: an "epoch" column then one column per key. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("epoch");
        for (String k : history.keySet()) {
            sb.append(',').append(k);
        }
        sb.append('\n');
        int rows = history.values().stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < rows; i++) {
            sb.append(i < epochs.size() ? epochs.get(i) : i);
            for (List<Double> v : history.values()) {
                sb.append(',');
                if (i < v.size()) {
                    sb.append(String.format(Locale.ROOT, "%s", v.get(i)));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
