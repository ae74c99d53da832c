package dev.athanor.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A projection applied to a weight after each optimizer update (max_norm, non_neg, unit_norm). */
public interface Constraint extends Component {

    /** The constrained value (may update {@code weight} in place and return it). */
    INDArray apply(INDArray weight);
}
