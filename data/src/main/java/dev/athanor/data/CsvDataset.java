package dev.athanor.data;

import dev.athanor.core.data.Batch;
import dev.athanor.core.data.Dataset;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A CSV file with a header row, streamed in batches (never loaded whole). One column is the label; the
 * others are features, numeric unless named {@link #categorical categorical}. A first pass over the file
 * counts the rows, learns each categorical column's values (sorted, so the codes do not depend on row
 * order) and checks every numeric cell, reporting bad rows by line number. Categorical features are
 * one-hot encoded, or integer codes with {@link #integerCodes()}; a categorical label becomes its integer
 * code (for sparse categorical losses), a numeric label its value; targets have shape {@code [batch, 1]}.
 *
 * <p>Batches are read in order (a sequential dataset), one pass per epoch.
 */
public final class CsvDataset implements Dataset, AutoCloseable {

    private final Path file;
    private final String label;
    private final int batchSize;
    private final Set<String> categorical = new java.util.HashSet<>();
    private boolean integerCodes;
    private List<String> header;
    private final Map<String, List<String>> vocabularies = new LinkedHashMap<>();
    private List<String> featureNames;
    private int rows;
    private CSVParser parser;
    private Iterator<CSVRecord> records;
    private int next;

    private CsvDataset(Path file, String label, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0. Received: batchSize=" + batchSize);
        }
        this.file = file;
        this.label = label;
        this.batchSize = batchSize;
    }

    /** The file's rows, {@code labelColumn} as target (null for no targets), {@code batchSize} rows a batch. */
    public static CsvDataset of(Path file, String labelColumn, int batchSize) {
        return new CsvDataset(file, labelColumn, batchSize);
    }

    /** Columns holding categories rather than numbers (the label column may be one). */
    public CsvDataset categorical(String... columns) {
        categorical.addAll(List.of(columns));
        header = null;
        return this;
    }

    /** Encodes categorical features as one integer code each instead of one-hot. */
    public CsvDataset integerCodes() {
        integerCodes = true;
        header = null;
        return this;
    }

    /** Names of the feature columns after encoding (one-hot columns as {@code column=value}). */
    public List<String> featureNames() {
        learn();
        return featureNames;
    }

    /** The values of a categorical column, in code order. */
    public List<String> vocabulary(String column) {
        learn();
        List<String> v = vocabularies.get(column);
        if (v == null) {
            throw new IllegalArgumentException(Names.unknown("categorical column", column,
                    new ArrayList<>(vocabularies.keySet())));
        }
        return v;
    }

    /** The number of data rows. */
    public int rows() {
        learn();
        return rows;
    }

    @Override
    public int length() {
        learn();
        return (rows + batchSize - 1) / batchSize;
    }

    @Override
    public boolean randomAccess() {
        return false;
    }

    @Override
    public synchronized Batch batch(int index) {
        learn();
        if (index == 0) {
            reopen();
        } else if (index != next) {
            throw new IllegalStateException("A CSV file is read in order: batch " + index + " was requested but the"
                    + " next one is " + next + ".");
        }
        next = index + 1;
        List<CSVRecord> rowsOfBatch = new ArrayList<>(batchSize);
        while (rowsOfBatch.size() < batchSize && records.hasNext()) {
            rowsOfBatch.add(records.next());
        }
        if (rowsOfBatch.isEmpty()) {
            return null;
        }
        int width = featureNames.size();
        float[] x = new float[rowsOfBatch.size() * width];
        float[] y = new float[rowsOfBatch.size()];
        for (int r = 0; r < rowsOfBatch.size(); r++) {
            CSVRecord rec = rowsOfBatch.get(r);
            int o = r * width;
            for (String col : header) {
                String cell = rec.get(col);
                if (col.equals(label)) {
                    y[r] = (float) value(col, cell);
                } else if (vocabularies.containsKey(col) && !integerCodes) {
                    x[o + vocabularies.get(col).indexOf(cell)] = 1f;
                    o += vocabularies.get(col).size();
                } else {
                    x[o++] = (float) value(col, cell);
                }
            }
        }
        INDArray in = Nd4j.create(x, new long[] {rowsOfBatch.size(), width}, 'c');
        INDArray target = Nd4j.create(y, new long[] {rowsOfBatch.size(), 1}, 'c');
        return new Batch(List.of(in), label == null ? null : List.of(target), null);
    }

    private double value(String col, String cell) {
        List<String> vocab = vocabularies.get(col);
        return vocab != null ? vocab.indexOf(cell) : Double.parseDouble(cell.trim());
    }

    /** The first pass: header, row count, vocabularies, and a check of every cell. */
    private void learn() {
        if (header != null) {
            return;
        }
        Map<String, TreeSet<String>> values = new LinkedHashMap<>();
        List<String> bad = new ArrayList<>();
        int count = 0;
        List<String> names;
        try (CSVParser p = open()) {
            names = p.getHeaderNames();
            List<String> wanted = new ArrayList<>(categorical);
            if (label != null) {
                wanted.add(label);
            }
            for (String c : wanted) {
                if (!names.contains(c)) {
                    throw new IllegalArgumentException(file + ": " + Names.unknown("column", c, names));
                }
            }
            for (String c : names) {
                if (categorical.contains(c)) {
                    values.put(c, new TreeSet<>());
                }
            }
            for (CSVRecord rec : p) {
                count++;
                long line = p.getCurrentLineNumber();
                if (rec.size() != names.size()) {
                    bad.add("line " + line + ": " + rec.size() + " values, but the header has " + names.size());
                    continue;
                }
                for (String c : names) {
                    String cell = rec.get(c);
                    if (values.containsKey(c)) {
                        values.get(c).add(cell);
                    } else if (!isNumber(cell)) {
                        bad.add("line " + line + ": column '" + c + "' holds '" + cell + "', which is not a number"
                                + " (declare the column categorical(\"" + c + "\") if it holds categories)");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(file + " has " + bad.size() + " bad row(s): "
                    + String.join("; ", bad.subList(0, Math.min(10, bad.size())))
                    + (bad.size() > 10 ? "; ..." : "") + ". Fix or remove them.");
        }
        if (count == 0) {
            throw new IllegalArgumentException(file + " has a header but no data rows.");
        }
        List<String> features = new ArrayList<>();
        for (String c : names) {
            if (c.equals(label)) {
                continue;
            }
            if (values.containsKey(c) && !integerCodes) {
                for (String v : values.get(c)) {
                    features.add(c + "=" + v);
                }
            } else {
                features.add(c);
            }
        }
        vocabularies.clear();
        values.forEach((c, v) -> vocabularies.put(c, List.copyOf(v)));
        this.featureNames = List.copyOf(features);
        this.rows = count;
        this.header = names;
    }

    private static boolean isNumber(String s) {
        try {
            double v = Double.parseDouble(s.trim());
            return !Double.isNaN(v) || s.trim().equalsIgnoreCase("nan");
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private CSVParser open() throws IOException {
        Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get().parse(r);
    }

    private void reopen() {
        close();
        try {
            parser = open();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        records = parser.iterator();
    }

    /** Closes the file being streamed. */
    @Override
    public synchronized void close() {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            parser = null;
        }
    }
}
