package dev.athanor.core;

/** How {@code validationSplit} picks the validation samples. */
public enum Split {
    /** Keras's rule: the last fraction of the arrays, before any shuffling, fixed for all epochs. */
    TAIL,
    /** A random fraction drawn with the fit's seed. */
    SHUFFLED,
    /** A random fraction of each class (labels from y), drawn with the fit's seed. */
    STRATIFIED
}
