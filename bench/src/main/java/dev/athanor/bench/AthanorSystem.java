package dev.athanor.bench;

import dev.athanor.core.FitOptions;
import dev.athanor.core.Sequential;
import dev.athanor.core.layers.Dense;
import dev.athanor.optimizers.Adam;

/** Athanor as a user writes it: {@code Sequential}, {@code compile("adam", ...)}, {@code fit}, {@code predict}. */
final class AthanorSystem implements TrainingSystem {

    private final Sequential model = new Sequential();

    AthanorSystem() {
        model.add(new Dense(Workloads.HIDDEN1).activation("relu").inputDim(Workloads.INPUTS));
        model.add(new Dense(Workloads.HIDDEN2).activation("relu"));
        model.add(new Dense(Workloads.CLASSES).activation("softmax"));
        model.compile(new Adam().learningRate(Workloads.LEARNING_RATE), "categorical_crossentropy");
    }

    @Override
    public String name() {
        return "Athanor";
    }

    @Override
    public void trainEpoch(Workloads.Data data, int batchSize, int epoch) {
        // fit shuffles per epoch itself (Keras's default shuffle=True), from (seed, epoch).
        model.fit(data.x(), data.y(), new FitOptions().epochs(1).batchSize(batchSize).verbose(0).seed(epoch));
    }

    @Override
    public void predict(Workloads.Data data, int batchSize) {
        model.predict(data.x(), batchSize);
    }
}
