package dev.athanor.losses;

/** Argument checks for the top-k metrics. */
final class TopK {

    private TopK() {
    }

    static int checkK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("`k` must be a positive integer. Received: k=" + k);
        }
        return k;
    }
}
