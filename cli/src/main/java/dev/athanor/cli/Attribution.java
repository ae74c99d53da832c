package dev.athanor.cli;

/** Where the bundled data comes from (see athanor-datasets' PROVENANCE.md). */
final class Attribution {

    /** The digits data's attribution, printed by the demo and in the help. */
    static final String DIGITS = "Digits data: UCI Optical Recognition of Handwritten Digits (CC BY 4.0). "
            + "Dua, D. and Graff, C. (2019). UCI Machine Learning Repository. University of California, Irvine.";

    private Attribution() {
    }
}
