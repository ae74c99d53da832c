package dev.athanor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesReplacesAndKeepsThePermissionsOfTheReplacedFile() throws IOException {
        Path t = dir.resolve("a.json");
        AtomicFiles.write(t, false, tmp -> {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp)),
                    "the temporary file is owner-only while it is written");
            assertTrue(AtomicFiles.isTemporary(tmp), tmp.toString());
            Files.writeString(tmp, "one");
        });
        assertEquals("one", Files.readString(t));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(t)));
        Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.write(t, true, tmp -> Files.writeString(tmp, "two"));
        assertEquals("two", Files.readString(t));
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(t)));
        assertEquals(List.of("a.json"), names());
    }

    @Test
    void aFailingBodyLeavesTheTargetAndNoTemporary() throws IOException {
        Path t = dir.resolve("a.bin");
        Files.writeString(t, "good");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(t, true, tmp -> {
            Files.writeString(tmp, "par");
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("good", Files.readString(t));
        assertEquals(List.of("a.bin"), names());
    }

    @Test
    void refusesToReplaceWithoutOverwriteAndNeedsTheFolder() throws IOException {
        Path t = dir.resolve("a.bin");
        Files.writeString(t, "good");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(t, false, tmp -> { }));
        assertTrue(e.getMessage().contains("overwrite is false"), e.getMessage());
        IOException f = assertThrows(IOException.class, () -> AtomicFiles.write(dir.resolve("no/x.bin"), true, tmp -> { }));
        assertTrue(f.getMessage().contains("does not exist"), f.getMessage());
    }

    @Test
    void removesTemporariesOfDeadWritersButNotOthers() throws IOException {
        long dead = 9_999_999_999L; // beyond any pid_max: no such process
        Path stale = Files.writeString(dir.resolve(".a.bin.athanor-" + dead + "-abc123.tmp"), "partial");
        Path live = Files.writeString(dir.resolve(".a.bin.athanor-" + ProcessHandle.current().pid() + "-def456.tmp"), "x");
        Path foreign = Files.writeString(dir.resolve(".a.bin.tmp"), "not ours");
        AtomicFiles.write(dir.resolve("a.bin"), true, tmp -> Files.writeString(tmp, "new"));
        assertTrue(!Files.exists(stale), "a dead writer's temporary is removed");
        assertTrue(Files.exists(live) && Files.exists(foreign), "a live writer's and other files stay");
    }
}
