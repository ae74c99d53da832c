package dev.athanor.core;

/** A learning rate as a function of the step count (Keras's {@code LearningRateSchedule}). */
public interface LearningRateSchedule extends Component {

    /** The learning rate at {@code step} (0 before the first update). */
    double at(long step);
}
