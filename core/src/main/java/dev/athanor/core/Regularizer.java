package dev.athanor.core;

/** A weight penalty added to the loss, as Keras's {@code model.losses}. */
public interface Regularizer extends Component {

    /** The scalar penalty for this weight. */
    Tensor penalty(Tensor weight);
}
