package dev.athanor.data;

import dev.athanor.core.data.Batch;
import dev.athanor.core.data.Dataset;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The rows of a SQL query as batches, one page per batch: batch {@code i} runs the query with
 * {@code OFFSET i·batchSize ROWS FETCH NEXT batchSize ROWS ONLY} (standard SQL, understood by H2, HSQLDB,
 * PostgreSQL, Oracle 12c+, SQL Server 2012+, Derby), on its own connection, so pages can be fetched by
 * several prefetch workers at once and the result set is never held whole. The query must have an
 * {@code ORDER BY} that makes the row order stable, or pages would overlap. Every selected column is a
 * numeric feature except the label column, the target of shape {@code [batch, 1]}.
 */
public final class JdbcDataset implements Dataset {

    /** Where connections come from (a {@code DataSource::getConnection}, {@code DriverManager} call, ...). */
    @FunctionalInterface
    public interface Connections {
        /** A new connection, closed by the dataset after one page. */
        Connection open() throws SQLException;
    }

    private final Connections connections;
    private final String query;
    private final String label;
    private final int batchSize;
    private final int rows;
    private final List<String> features = new ArrayList<>();
    private final int labelIndex;

    private JdbcDataset(Connections connections, String query, String label, int batchSize) throws SQLException {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0. Received: batchSize=" + batchSize);
        }
        if (!query.toUpperCase(Locale.ROOT).contains("ORDER BY")) {
            throw new IllegalArgumentException("The query must order its rows (ORDER BY ...) so that its pages are"
                    + " stable: " + query);
        }
        this.connections = connections;
        this.query = query;
        this.label = label;
        this.batchSize = batchSize;
        try (Connection c = connections.open();
             PreparedStatement count = c.prepareStatement("SELECT COUNT(*) FROM (" + query + ") q");
             ResultSet rs = count.executeQuery();
             PreparedStatement first = c.prepareStatement(page(0, 1));
             ResultSet one = first.executeQuery()) {
            rs.next();
            this.rows = Math.toIntExact(rs.getLong(1));
            ResultSetMetaData md = one.getMetaData();
            int found = -1;
            List<String> all = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String name = md.getColumnLabel(i);
                all.add(name);
                if (name.equalsIgnoreCase(label)) {
                    found = i;
                } else {
                    features.add(name);
                }
            }
            if (label != null && found < 0) {
                throw new IllegalArgumentException(Names.unknown("label column", label, all));
            }
            this.labelIndex = found;
        }
        if (rows == 0) {
            throw new IllegalArgumentException("The query returns no rows: " + query);
        }
    }

    /** The query's rows, {@code labelColumn} as target (null for none), {@code batchSize} rows a page. */
    public static JdbcDataset of(Connections connections, String query, String labelColumn, int batchSize)
            throws SQLException {
        return new JdbcDataset(connections, query, labelColumn, batchSize);
    }

    /** The feature columns, in the query's order. */
    public List<String> featureNames() {
        return List.copyOf(features);
    }

    /** The number of rows the query returns. */
    public int rows() {
        return rows;
    }

    @Override
    public int length() {
        return (rows + batchSize - 1) / batchSize;
    }

    private String page(long offset, long size) {
        return query + " OFFSET " + offset + " ROWS FETCH NEXT " + size + " ROWS ONLY";
    }

    @Override
    public Batch batch(int index) {
        int expected = Math.min(batchSize, rows - index * batchSize);
        int width = features.size();
        float[] x = new float[expected * width];
        float[] y = new float[expected];
        int r = 0;
        try (Connection c = connections.open();
             PreparedStatement st = c.prepareStatement(page((long) index * batchSize, batchSize));
             ResultSet rs = st.executeQuery()) {
            int cols = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                if (r == expected) {
                    throw new IllegalStateException("page " + index + " returned more than " + expected + " rows");
                }
                int o = r * width;
                for (int i = 1; i <= cols; i++) {
                    double v = rs.getDouble(i);
                    if (rs.wasNull()) {
                        throw new IllegalStateException("row " + (index * batchSize + r) + " (0-based, in the query's"
                                + " order) has NULL in column '" + rs.getMetaData().getColumnLabel(i) + "'");
                    }
                    if (i == labelIndex) {
                        y[r] = (float) v;
                    } else {
                        x[o++] = (float) v;
                    }
                }
                r++;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Query for batch " + index + " failed: " + e.getMessage(), e);
        }
        if (r != expected) {
            throw new IllegalStateException("page " + index + " returned " + r + " rows, expected " + expected
                    + "; did the table change while training?");
        }
        INDArray in = Nd4j.create(x, new long[] {expected, width}, 'c');
        return new Batch(List.of(in), labelIndex < 0 ? null : List.of(Nd4j.create(y, new long[] {expected, 1}, 'c')),
                null);
    }
}
