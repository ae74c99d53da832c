package dev.athanor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV rules: an explicit header rule, finite numbers only, errors with line and column. */
class CsvTableTest {

    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        Path p = dir.resolve("d.csv");
        Files.writeString(p, text);
        return p;
    }

    @Test
    void allNamesFirstLineIsTheHeader() throws IOException {
        CsvTable t = CsvTable.read(csv("a,b,label\n1,2,0\n3,4,1\n"));
        assertEquals(List.of("a", "b", "label"), t.header);
        assertEquals(2, t.rows.length);
    }

    @Test
    void allNumbersFirstLineIsData() throws IOException {
        CsvTable t = CsvTable.read(csv("1,2,0\n3,4,1\n"));
        assertNull(t.header);
        assertEquals(2, t.rows.length);
    }

    @Test
    void aMistypedFirstRowIsRefusedNotTakenAsHeader() throws IOException {
        Path p = csv("1.5,2x,0\n3,4,1\n");
        IOException e = assertThrows(IOException.class, () -> CsvTable.read(p));
        assertTrue(e.getMessage().contains("line 1 mixes names and numbers: 1.5,2x,0"), e.getMessage());
    }

    @Test
    void nonFiniteValuesAreRefusedWithLineAndColumn() throws IOException {
        for (String bad : List.of("NaN", "Infinity", "-Infinity")) {
            Path p = csv("a,b,label\n1,2,0\n3," + bad + ",1\n");
            IOException e = assertThrows(IOException.class, () -> CsvTable.read(p));
            assertTrue(e.getMessage().contains("line 3 column 2: '" + bad + "' is not a finite number"), e.getMessage());
        }
    }
}
