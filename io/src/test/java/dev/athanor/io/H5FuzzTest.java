package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.athanor.core.SaveOptions;
import dev.athanor.core.Sequential;
import dev.athanor.core.registry.Registries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrupt files (truncated, flipped bytes) give an IOException, never another exception or a hang. */
class H5FuzzTest {

    private static final int CASES = 1_000;

    @TempDir
    Path dir;

    @Test
    void mutatedFilesOnlyThrowIOExceptions() throws IOException {
        Sequential m = H5RoundTripTest.model();
        m.compile("adam", "mse");
        m.trainOnBatch(H5RoundTripTest.x(), H5RoundTripTest.y());
        Path valid = dir.resolve("valid.h5");
        H5Format h5 = new H5Format();
        h5.save(m, valid, new SaveOptions());
        byte[] good = Files.readAllBytes(valid);
        Registries registries = Registries.defaults();
        Path p = dir.resolve("mutated.h5");
        int[] outcomes = new int[2];
        Sequential target = H5RoundTripTest.model(); // reused: weights-only loads are cheap, full loads build a model
        assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
            for (int seed = 0; seed < CASES; seed++) {
                Random rnd = new Random(seed);
                byte[] bad = mutate(good, rnd, seed);
                Files.write(p, bad);
                try {
                    if (seed % 8 >= 4) {
                        h5.loadWeights(target, p, seed % 3 == 0, seed % 5 == 0);
                    } else {
                        h5.load(p, registries);
                    }
                    outcomes[0]++;
                } catch (IOException expected) {
                    if (!expected.getMessage().contains(p.toString())) {
                        fail("seed " + seed + ": the message does not name the file: " + expected.getMessage());
                    }
                    outcomes[1]++;
                } catch (Throwable t) {
                    throw new AssertionError("seed " + seed + " threw " + t, t);
                }
            }
        });
        if (outcomes[1] < CASES / 4) {
            fail("too few mutations were detected as corrupt: " + Arrays.toString(outcomes));
        }
    }

    static byte[] mutate(byte[] good, Random rnd, int seed) {
        switch (seed % 4) {
            case 0:
                return Arrays.copyOf(good, rnd.nextInt(good.length));
            case 1: {
                byte[] b = good.clone();
                int flips = 1 + rnd.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return b;
            }
            case 2: {
                byte[] b = good.clone();
                int at = rnd.nextInt(b.length);
                int len = 1 + rnd.nextInt(16);
                for (int i = at; i < Math.min(b.length, at + len); i++) {
                    b[i] = (byte) rnd.nextInt(256);
                }
                return b;
            }
            default: {
                // metadata lives mostly in the first kilobytes: flip bytes there
                byte[] b = good.clone();
                int flips = 1 + rnd.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    b[rnd.nextInt(Math.min(b.length, 4096))] = (byte) rnd.nextInt(256);
                }
                return b;
            }
        }
    }
}
