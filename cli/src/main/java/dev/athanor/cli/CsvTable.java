package dev.athanor.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A numeric CSV file: comma-separated, an optional header line, every other cell a finite number.
 *
 * <p>The header rule: the first line is a header when <em>none</em> of its cells is a number. A first
 * line that mixes names and numbers is refused (a mistyped first data row must not silently become a
 * header and vanish). {@code NaN} and infinities are refused with their line and column: they would
 * only poison training.
 */
final class CsvTable {

    final List<String> header;
    final double[][] rows;
    final Path file;

    private CsvTable(Path file, List<String> header, double[][] rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    static CsvTable read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> header = null;
        List<double[]> rows = new ArrayList<>();
        int width = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (header == null && rows.isEmpty() && !anyNumber(cells)) {
                header = new ArrayList<>();
                for (String c : cells) {
                    header.add(c.strip().replaceAll("^\"|\"$", ""));
                }
                width = cells.length;
                continue;
            }
            if (header == null && rows.isEmpty() && !allNumbers(cells)) {
                throw new IOException(file + " line " + (i + 1) + " mixes names and numbers: " + line + ". A header line"
                        + " must hold only column names and a data line only numbers; fix the line or add a header.");
            }
            if (width >= 0 && cells.length != width) {
                throw new IOException(file + " line " + (i + 1) + " has " + cells.length + " cells but the first line has "
                        + width + ".");
            }
            width = cells.length;
            double[] row = new double[cells.length];
            for (int j = 0; j < cells.length; j++) {
                try {
                    row[j] = Double.parseDouble(cells[j].strip());
                } catch (NumberFormatException e) {
                    throw new IOException(file + " line " + (i + 1) + " column " + (j + 1) + ": '" + cells[j].strip()
                            + "' is not a number (only the first line may be a header).");
                }
                if (!Double.isFinite(row[j])) {
                    throw new IOException(file + " line " + (i + 1) + " column " + (j + 1) + ": '" + cells[j].strip()
                            + "' is not a finite number; remove or impute missing values before training.");
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IOException(file + " holds no data rows.");
        }
        return new CsvTable(file, header, rows.toArray(double[][]::new));
    }

    private static boolean anyNumber(String[] cells) {
        for (String c : cells) {
            if (isNumber(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumber(String cell) {
        try {
            Double.parseDouble(cell.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean allNumbers(String[] cells) {
        for (String c : cells) {
            try {
                Double.parseDouble(c.strip());
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    int columns() {
        return rows[0].length;
    }

    /**
     * The index of a column given by header name or 0-based index; null means the last column.
     */
    int column(String spec) {
        if (spec == null) {
            return columns() - 1;
        }
        if (header != null && header.contains(spec)) {
            return header.indexOf(spec);
        }
        try {
            int i = Integer.parseInt(spec);
            if (i >= 0 && i < columns()) {
                return i;
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        throw new IllegalArgumentException("Label column '" + spec + "' is not in " + file + ": it has "
                + (header != null ? "the columns " + header : "no header, so give a 0-based index below " + columns()) + ".");
    }

    /** Every column but {@code skip} (or all when skip is negative) as a float32 matrix. */
    INDArray features(int skip) {
        int w = skip >= 0 ? columns() - 1 : columns();
        float[][] out = new float[rows.length][w];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0, k = 0; j < columns(); j++) {
                if (j != skip) {
                    out[i][k++] = (float) rows[i][j];
                }
            }
        }
        return Nd4j.create(out);
    }

    /** One column as a float32 vector. */
    INDArray column(int c) {
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = (float) rows[i][c];
        }
        return Nd4j.createFromArray(out);
    }
}
