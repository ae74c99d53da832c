package dev.athanor.callbacks;

import dev.athanor.core.Model;
import java.util.Map;

/**
 * Keras's {@code TerminateOnNaN()}: after each training batch, when the running loss is NaN or
 * infinite, prints {@code Batch N: Invalid loss, terminating training} and stops training.
 */
public class TerminateOnNaN implements dev.athanor.core.Callback {

    private Model model;
    private boolean terminated;

    @Override
    public String registryName() {
        return "TerminateOnNaN";
    }

    @Override
    public void setModel(Model model) {
        this.model = model;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        terminated = false;
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (loss != null && (loss.isNaN() || loss.isInfinite())) {
            System.out.println("Batch " + batch + ": Invalid loss, terminating training");
            terminated = true;
            model.stopTraining(true);
        }
    }

    /** Whether the last fit was stopped by this callback. */
    public boolean terminated() {
        return terminated;
    }
}
