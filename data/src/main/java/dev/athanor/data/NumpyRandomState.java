package dev.athanor.data;

import java.util.List;

/**
 * numpy's legacy {@code np.random.RandomState(seed)}: the MT19937 generator with numpy's seeding, and its
 * {@code shuffle} (Fisher-Yates from the end, each index drawn by {@code random_interval}: the smallest
 * bit mask covering the bound, rejection above it). Keras shuffles image file paths with it, so the same
 * seed gives the same training/validation split as Keras.
 */
final class NumpyRandomState {

    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int pos;

    /** {@code RandomState(seed)} for a seed in {@code [0, 2^32)}. */
    NumpyRandomState(long seed) {
        if (seed < 0 || seed > 0xffffffffL) {
            throw new IllegalArgumentException("Seed must be between 0 and 2**32 - 1. Received: seed=" + seed);
        }
        int s = (int) seed;
        for (int i = 0; i < N; i++) {
            mt[i] = s;
            s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
        }
        pos = N;
    }

    /** The next 32 random bits (numpy's {@code mt19937_next32}). */
    int next32() {
        if (pos >= N) {
            refill();
        }
        int y = mt[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void refill() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
        }
        pos = 0;
    }

    /** A uniform integer in {@code [0, max]} (numpy's {@code random_interval}), for {@code max < 2^32}. */
    long interval(long max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        do {
            value = (next32() & 0xffffffffL) & mask;
        } while (value > max);
        return value;
    }

    /** Shuffles in place as {@code RandomState.shuffle} does. */
    <T> void shuffle(List<T> x) {
        for (int i = x.size() - 1; i > 0; i--) {
            int j = (int) interval(i);
            T t = x.get(i);
            x.set(i, x.get(j));
            x.set(j, t);
        }
    }
}
