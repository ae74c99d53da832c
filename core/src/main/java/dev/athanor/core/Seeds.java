package dev.athanor.core;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The global seed and the generators derived from it, as {@code tf.random.set_seed}.
 *
 * <p>Every random draw comes from a generator derived from the seed and a stable key (layer and
 * weight name; fit seed and epoch), never from shared mutable state, so a run is reproducible
 * whatever the order of building, and training resumed at epoch k draws what the uninterrupted run
 * would have drawn.
 */
public final class Seeds {

    private static volatile long globalSeed = 1337L;

    private Seeds() {
    }

    /** Sets the seed used for weight initialization and as the default fit seed. */
    public static void set(long seed) {
        globalSeed = seed;
    }

    /** The current global seed. */
    public static long get() {
        return globalSeed;
    }

    /** A generator for one weight's initial value. */
    public static Random forWeight(String layerName, String weightName) {
        return new Random(mix(globalSeed, layerName + "/" + weightName));
    }

    /** A generator for one epoch's draws (shuffling, dropout) of a fit. */
    public static Random forEpoch(long seed, int epoch, String purpose) {
        return new Random(mix(seed, purpose + "#" + epoch));
    }

    /** Mixes a seed and a key into a well-spread 64-bit seed. */
    public static long mix(long seed, String key) {
        long h = seed;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h = h * 1_000_003L + b;
        }
        return new SplittableRandom(h).nextLong();
    }
}
