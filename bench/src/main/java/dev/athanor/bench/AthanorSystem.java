package dev.athanor.bench;

import dev.athanor.core.FitOptions;
import dev.athanor.core.Input;
import dev.athanor.core.Model;
import dev.athanor.core.Sequential;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Activation;
import dev.athanor.core.layers.Add;
import dev.athanor.core.layers.BatchNormalization;
import dev.athanor.core.layers.Conv2D;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Dropout;
import dev.athanor.core.layers.Flatten;
import dev.athanor.core.layers.GlobalAveragePooling1D;
import dev.athanor.core.layers.GlobalAveragePooling2D;
import dev.athanor.core.layers.LSTM;
import dev.athanor.core.layers.LayerNormalization;
import dev.athanor.core.layers.MaxPooling2D;
import dev.athanor.core.layers.MultiHeadAttention;
import java.util.List;
import dev.athanor.optimizers.Adam;

/** Athanor as a user writes it: {@code Sequential}, {@code compile(new Adam()...)}, {@code fit}, {@code predict}. */
final class AthanorSystem implements TrainingSystem {

    private final Model model;

    /** The W1-W3 MLP: 784 -> Dense 512 relu -> Dense 256 relu -> Dense 10 softmax. */
    AthanorSystem() {
        this(mlp());
    }

    private AthanorSystem(Model layers) {
        model = layers;
        model.compile(new Adam().learningRate(Workloads.LEARNING_RATE), "categorical_crossentropy");
    }

    /** W5: 28x28x1 -> Conv2D(32, 3) relu -> MaxPooling2D(2) -> Conv2D(64, 3) relu -> MaxPooling2D(2) -> Flatten -> Dense 10 softmax. */
    static AthanorSystem conv() {
        Sequential m = new Sequential();
        m.add(new Conv2D(Workloads.CONV1_FILTERS, Workloads.KERNEL).activation("relu")
                .inputShape(Workloads.IMAGE_SIZE, Workloads.IMAGE_SIZE, 1));
        m.add(new MaxPooling2D(Workloads.POOL));
        m.add(new Conv2D(Workloads.CONV2_FILTERS, Workloads.KERNEL).activation("relu"));
        m.add(new MaxPooling2D(Workloads.POOL));
        m.add(new Flatten());
        m.add(new Dense(Workloads.CLASSES).activation("softmax"));
        return new AthanorSystem(m);
    }

    /** W6: [50, 32] sequences -> LSTM(128) (Keras defaults: tanh, sigmoid gates, last output) -> Dense 10 softmax. */
    static AthanorSystem lstm() {
        Sequential m = new Sequential();
        m.add(new LSTM(Workloads.UNITS).inputShape(Workloads.STEPS, Workloads.FEATURES));
        m.add(new Dense(Workloads.CLASSES).activation("softmax"));
        return new AthanorSystem(m);
    }

    /**
     * W7, a ResNet-style block (issue 21): 28x28x1 -> Conv2D(16, 3, same, no bias) -> BN -> relu, then
     * x + BN(Conv(relu(BN(Conv(x))))) -> relu -> MaxPooling2D(2) -> GlobalAveragePooling2D -> Dense 10 softmax.
     */
    static AthanorSystem resnet() {
        int f = Workloads.RES_FILTERS;
        Tensor in = Input.of(Workloads.IMAGE_SIZE, Workloads.IMAGE_SIZE, 1);
        Tensor x = new Conv2D(f, 3).padding("same").useBias(false).apply(in);
        x = new Activation("relu").apply(new BatchNormalization().apply(x));
        Tensor y = new Conv2D(f, 3).padding("same").useBias(false).apply(x);
        y = new Activation("relu").apply(new BatchNormalization().apply(y));
        y = new BatchNormalization().apply(new Conv2D(f, 3).padding("same").useBias(false).apply(y));
        Tensor z = new Activation("relu").apply(new Add().apply(x, y));
        z = new GlobalAveragePooling2D().apply(new MaxPooling2D(Workloads.POOL).apply(z));
        Tensor out = new Dense(Workloads.CLASSES).activation("softmax").apply(z);
        return new AthanorSystem(new Model(List.of(in), List.of(out)));
    }

    /**
     * W8, a Transformer block (issue 16; Keras's text-classification example's block on [64, 128] features):
     * x1 = LN(x + Dropout(MHA(4 heads, key_dim 32)(x, x))), x2 = LN(x1 + Dropout(Dense 128(Dense 512 relu(x1)))),
     * GlobalAveragePooling1D -> Dense 10 softmax; dropout 0.1, LayerNormalization epsilon 1e-6.
     */
    static AthanorSystem transformer() {
        int d = Workloads.D_MODEL;
        Tensor in = Input.of(Workloads.SEQ, d);
        Tensor a = new MultiHeadAttention(Workloads.HEADS, d / Workloads.HEADS).applyAll(in, in).get(0);
        Tensor x = new LayerNormalization().epsilon(1e-6).apply(new Add().apply(in, new Dropout(0.1).apply(a)));
        Tensor f = new Dense(d).apply(new Dense(Workloads.FF).activation("relu").apply(x));
        x = new LayerNormalization().epsilon(1e-6).apply(new Add().apply(x, new Dropout(0.1).apply(f)));
        Tensor out = new Dense(Workloads.CLASSES).activation("softmax").apply(new GlobalAveragePooling1D().apply(x));
        return new AthanorSystem(new Model(List.of(in), List.of(out)));
    }

    private static Sequential mlp() {
        Sequential m = new Sequential();
        m.add(new Dense(Workloads.HIDDEN1).activation("relu").inputDim(Workloads.INPUTS));
        m.add(new Dense(Workloads.HIDDEN2).activation("relu"));
        m.add(new Dense(Workloads.CLASSES).activation("softmax"));
        return m;
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
    public long parameters() {
        return model.countParams();
    }

    @Override
    public void predict(Workloads.Data data, int batchSize) {
        model.predict(data.x(), batchSize);
    }
}
