package dev.athanor.bench;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Deeplearning4j 1.0.0-M2.1's {@code MultiLayerNetwork} with the same layers, initializer (Glorot
 * uniform), updater (Adam 1e-3, Keras's epsilon 1e-7), float32 data and the same shuffled batches.
 */
final class Dl4jSystem implements TrainingSystem {

    private final MultiLayerNetwork net;

    Dl4jSystem() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7)
                .dataType(DataType.FLOAT)
                .updater(new Adam(Workloads.LEARNING_RATE, 0.9, 0.999, 1e-7))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .list()
                .layer(new DenseLayer.Builder().nIn(Workloads.INPUTS).nOut(Workloads.HIDDEN1)
                        .activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(Workloads.HIDDEN1).nOut(Workloads.HIDDEN2)
                        .activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(Workloads.HIDDEN2)
                        .nOut(Workloads.CLASSES).activation(Activation.SOFTMAX).build())
                .build();
        net = new MultiLayerNetwork(conf);
        net.init();
    }

    @Override
    public String name() {
        return "DL4J";
    }

    @Override
    public void trainEpoch(Workloads.Data data, int batchSize, int epoch) {
        int n = data.size();
        int[] order = Workloads.permutation(n, epoch);
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            int[] idx = java.util.Arrays.copyOfRange(order, from, to);
            INDArray bx = Nd4j.pullRows(data.x(), 1, idx);
            INDArray by = Nd4j.pullRows(data.y(), 1, idx);
            net.fit(new DataSet(bx, by));
        }
    }

    @Override
    public void predict(Workloads.Data data, int batchSize) {
        int n = data.size();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            net.output(data.x().get(Nd4jRows.range(from, to)), false);
        }
    }

    MultiLayerNetwork network() {
        return net;
    }
}
