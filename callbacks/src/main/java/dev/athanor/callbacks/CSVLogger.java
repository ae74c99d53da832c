package dev.athanor.callbacks;

import dev.athanor.core.Callback;
import dev.athanor.core.Config;
import dev.athanor.core.Model;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Keras's {@code CSVLogger(filename, separator=",", append=False)}: streams the epoch logs to a CSV
 * file, one row per epoch: column {@code epoch} (0-based, as Keras writes it) then the log keys in
 * sorted order (fixed by the first epoch). Values are written as Python's {@code str(float)}; a
 * key missing from a row is written as {@code NA}. With {@code append} the rows are added to an
 * existing file (no second header when it already has content), as when resuming training. The
 * file is flushed after every row; parent folders are created.
 */
public class CSVLogger implements Callback {

    private String filename;
    private String separator = ",";
    private boolean append = false;

    private Model model;
    private BufferedWriter out;
    private List<String> keys;
    private boolean writeHeader;

    /** For the registry; {@code filename} must be configured. */
    public CSVLogger() {
    }

    /** Logs to {@code filename}. */
    public CSVLogger(String filename) {
        this.filename = filename;
    }

    @Override
    public String registryName() {
        return "CSVLogger";
    }

    /** The CSV file. */
    public CSVLogger filename(String v) {
        this.filename = v;
        return this;
    }

    /** The column separator (default ","). */
    public CSVLogger separator(String v) {
        this.separator = v;
        return this;
    }

    /** Append to an existing file instead of overwriting it (default false). */
    public CSVLogger append(boolean v) {
        this.append = v;
        return this;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("filename", filename);
        c.put("separator", separator);
        c.put("append", append);
        return c;
    }

    @Override
    public void configure(Config c) {
        filename(c.getString("filename", filename));
        separator(c.getString("separator", separator));
        append(c.getBoolean("append", append));
        c.rejectUnknown();
    }

    @Override
    public void setModel(Model model) {
        this.model = model;
    }

    @Override
    public void setParams(dev.athanor.core.FitParams p) {
        if (filename == null) {
            throw new IllegalArgumentException("CSVLogger needs a filename.");
        }
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        Path path = Path.of(filename);
        try {
            Path parent = path.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            writeHeader = !(append && Files.exists(path) && Files.size(path) > 0);
            if (append) {
                out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } else {
                out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger cannot open " + filename + ": " + e.getMessage(), e);
        }
        keys = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (keys == null) {
            keys = new ArrayList<>(new TreeSet<>(logs.keySet()));
        }
        try {
            if (writeHeader) {
                out.write("epoch");
                for (String k : keys) {
                    out.write(separator);
                    out.write(quote(k));
                }
                out.newLine();
                writeHeader = false;
            }
            out.write(Integer.toString(epoch));
            for (String k : keys) {
                out.write(separator);
                Double v = logs.get(k);
                out.write(v == null ? "NA" : dev.athanor.core.PythonFloat.repr(v));
            }
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger cannot write " + filename + ": " + e.getMessage(), e);
        }
    }

    private String quote(String s) {
        if (s.contains(separator) || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("CSVLogger cannot close " + filename + ": " + e.getMessage(), e);
            } finally {
                out = null;
            }
        }
    }
}
