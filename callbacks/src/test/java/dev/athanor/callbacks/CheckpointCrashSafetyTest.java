package dev.athanor.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.AtomicFiles;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL during checkpoint writes: a child JVM rewrites one checkpoint after every batch and is
 * killed at seeded random moments. After each kill the checkpoint on disk loads (it is the previous
 * good one or the new good one, never a part), and the interrupted write's temporary file is removed by
 * the next write of the same target, so temporary files never accumulate.
 */
class CheckpointCrashSafetyTest {

    private static final int TRIALS = 4;

    @TempDir
    Path dir;

    private static List<Path> temporaries(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(AtomicFiles::isTemporary).toList();
        }
    }

    @Test
    void killedWritesLeaveALoadableCheckpointAndNoAccumulatingTemporaries() throws Exception {
        Path target = dir.resolve("ckpt.h5");
        Random random = new Random(20261204);
        int leftBehind = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CheckpointWriterChild.class.getName(), target.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                do {
                    line = r.readLine(); // the child's log lines come first
                } while (line != null && !line.equals("ready"));
                assertEquals("ready", line, "the child did not start writing checkpoints");
                Thread.sleep(50 + random.nextInt(400));
                List<Path> before = temporaries(dir);
                p.destroyForcibly(); // SIGKILL on Linux
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertTrue(before.size() <= 2, "temporaries accumulate while writing: " + before);
            }
            Model loaded = Models.load(target);
            assertEquals(4 * 16 + 16 + 16 + 1, loaded.countParams(), "the checkpoint is the whole model");
            assertTrue(loaded.isCompiled(), "with its training config");
            List<Path> after = temporaries(dir);
            leftBehind += after.size();
            assertTrue(after.size() <= 2, "at most the killed write's temporaries (its own and its format's) remain: " + after);
        }
        // One more (clean) write of the same target removes what killed processes left.
        Models.load(target).save(target);
        assertEquals(List.of(), temporaries(dir), "stale temporaries of dead writers are cleaned up");
        System.out.println("CheckpointCrashSafetyTest: " + TRIALS + " kills, " + leftBehind
                + " temporaries left by killed writes, all removed by the next write");
    }
}
