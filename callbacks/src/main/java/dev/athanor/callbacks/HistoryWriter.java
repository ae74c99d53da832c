package dev.athanor.callbacks;

import dev.athanor.core.Callback;
import dev.athanor.core.Config;
import dev.athanor.core.FitParams;
import dev.athanor.core.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the training history as JSON ({@link History#save}, atomically: a temporary file then a
 * rename) after every epoch, so the file always holds every completed epoch even if the process
 * dies. No Keras counterpart; the file is what {@code history.save(path)} writes and
 * {@code History.load(path)} reads. Logs added by earlier callbacks (e.g. {@code lr}) are included.
 *
 * <p>When a fit resumes ({@code initialEpoch > 0}) and the file exists, its epochs before
 * {@code initialEpoch} are kept and the new epochs are appended, so the file covers the whole run.
 */
public class HistoryWriter implements Callback {

    private String path;
    private History history = new History();

    /** For the registry; {@code path} must be configured. */
    public HistoryWriter() {
    }

    /** Writes to {@code path}. */
    public HistoryWriter(String path) {
        this.path = path;
    }

    @Override
    public String registryName() {
        return "HistoryWriter";
    }

    /** The JSON file. */
    public HistoryWriter path(String v) {
        this.path = v;
        return this;
    }

    /** The history recorded by the current (or last) fit. */
    public History history() {
        return history;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("path", path);
        return c;
    }

    @Override
    public void configure(Config c) {
        path(c.getString("path", path));
        c.rejectUnknown();
    }

    @Override
    public void setParams(FitParams p) {
        if (path == null) {
            throw new IllegalArgumentException("HistoryWriter needs a path.");
        }
        history = new History();
        Path file = Path.of(path);
        if (p.initialEpoch() > 0 && java.nio.file.Files.exists(file)) {
            try {
                history = History.load(file);
            } catch (IOException e) {
                throw new UncheckedIOException("HistoryWriter cannot resume from " + path + ": " + e.getMessage(), e);
            }
            int keep = (int) history.epochs().stream().filter(e -> e < p.initialEpoch()).count();
            history.epochs().subList(keep, history.epochs().size()).clear();
            for (java.util.List<Double> v : history.history().values()) {
                if (v.size() > keep) {
                    v.subList(keep, v.size()).clear();
                }
            }
        }
        history.setParams(p);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        history.onEpochEnd(epoch, logs);
        try {
            history.save(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("HistoryWriter cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
