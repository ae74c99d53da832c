package dev.athanor.cli;

import java.util.List;

/**
 * One optimizer's run in {@code compare-optimizers}: its label and per-epoch curves.
 *
 * @param label       e.g. "sgd + momentum 0.9"
 * @param loss        training loss per epoch
 * @param valAccuracy validation accuracy per epoch
 * @param seconds     wall-clock time of the fit
 */
record OptimizerRun(String label, List<Double> loss, List<Double> valAccuracy, double seconds) {

    double finalLoss() {
        return loss.get(loss.size() - 1);
    }

    double bestValAccuracy() {
        return valAccuracy.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** The first epoch (1-based) whose validation accuracy reaches {@code target}, or -1. */
    int epochsTo(double target) {
        for (int i = 0; i < valAccuracy.size(); i++) {
            if (valAccuracy.get(i) >= target) {
                return i + 1;
            }
        }
        return -1;
    }
}
