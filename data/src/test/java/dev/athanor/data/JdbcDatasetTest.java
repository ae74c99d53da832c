package dev.athanor.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.FitOptions;
import dev.athanor.core.Sequential;
import dev.athanor.core.data.Batch;
import dev.athanor.core.layers.Dense;
import dev.athanor.optimizers.Adam;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link JdbcDataset} against an embedded H2 database started by the test: pages, order, training. */
class JdbcDatasetTest {

    private static final String URL = "jdbc:h2:mem:athanor_data_test;DB_CLOSE_DELAY=-1";
    private Connection keepAlive;

    @BeforeEach
    void createTable() throws SQLException {
        keepAlive = DriverManager.getConnection(URL);
        try (Statement st = keepAlive.createStatement()) {
            st.execute("DROP TABLE IF EXISTS samples");
            st.execute("CREATE TABLE samples (id INT PRIMARY KEY, a DOUBLE, b DOUBLE, target DOUBLE)");
        }
        Random r = new Random(5);
        try (PreparedStatement ins = keepAlive.prepareStatement("INSERT INTO samples VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < 103; i++) {
                double a = r.nextDouble();
                double b = r.nextDouble();
                ins.setInt(1, i);
                ins.setDouble(2, a);
                ins.setDouble(3, b);
                ins.setDouble(4, 3 * a + b);
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        try (Statement st = keepAlive.createStatement()) {
            st.execute("DROP ALL OBJECTS");
        }
        keepAlive.close();
    }

    @Test
    void pagesAreTheOrderedRows() throws SQLException {
        JdbcDataset d = JdbcDataset.of(() -> DriverManager.getConnection(URL),
                "SELECT id, a, target FROM samples ORDER BY id", "target", 10);
        assertEquals(103, d.rows());
        assertEquals(11, d.length());
        assertEquals(List.of("ID", "A"), d.featureNames());
        Batch last = d.batch(10);
        assertEquals(3, last.size());
        assertArrayEquals(new float[] {100, 101, 102}, last.inputs().get(0).getColumn(0).dup().data().asFloat());
        Batch b3 = d.batch(3);
        assertEquals(30f, b3.inputs().get(0).getFloat(0, 0));
        assertEquals(3 * b3.inputs().get(0).getFloat(0, 1), b3.targets().get(0).getFloat(0, 0), 1.5f);
    }

    @Test
    void aModelTrainsFromPagesFetchedByWorkers() throws SQLException {
        JdbcDataset d = JdbcDataset.of(() -> DriverManager.getConnection(URL),
                "SELECT a, b, target FROM samples ORDER BY id", "target", 8);
        Sequential m = new Sequential();
        m.add(new Dense(1).inputDim(2));
        m.compile(new Adam().learningRate(0.05), "mse");
        List<Double> loss = m.fit(d.prefetch(3, 6), new FitOptions().epochs(15).verbose(0)).history().get("loss");
        assertTrue(loss.get(14) < loss.get(0) / 3, loss.toString());
    }

    @Test
    void queriesWithoutAStableOrderOrLabelAreRefused() {
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> JdbcDataset.of(() -> DriverManager.getConnection(URL), "SELECT a, target FROM samples",
                        "target", 8));
        assertTrue(order.getMessage().contains("ORDER BY"), order.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> JdbcDataset.of(() -> DriverManager.getConnection(URL),
                        "SELECT a, target FROM samples ORDER BY id", "targt", 8));
        assertTrue(label.getMessage().contains("Did you mean 'TARGET'"), label.getMessage());
    }
}
