package dev.athanor.losses;

/** Argument checks shared by the crossentropy losses. */
final class Crossentropies {

    private Crossentropies() {
    }

    static double checkSmoothing(double s) {
        if (!(s >= 0.0 && s <= 1.0)) {
            throw new IllegalArgumentException("`label_smoothing` must be in [0, 1]. Received: label_smoothing=" + s);
        }
        return s;
    }
}
