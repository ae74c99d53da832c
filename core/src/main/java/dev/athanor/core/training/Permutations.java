package dev.athanor.core.training;

import dev.athanor.core.Internal;

import java.util.Random;

/** Fisher-Yates permutations from a given generator. */
@Internal
public final class Permutations {

    private Permutations() {
    }

    static int[] of(int n, Random r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
