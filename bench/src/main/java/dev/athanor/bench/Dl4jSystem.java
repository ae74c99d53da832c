package dev.athanor.bench;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
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

    /** The W1-W3 MLP. */
    Dl4jSystem() {
        this(base().list()
                .layer(new DenseLayer.Builder().nIn(Workloads.INPUTS).nOut(Workloads.HIDDEN1)
                        .activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(Workloads.HIDDEN1).nOut(Workloads.HIDDEN2)
                        .activation(Activation.RELU).build())
                .layer(output(Workloads.HIDDEN2))
                .build());
    }

    private Dl4jSystem(MultiLayerConfiguration conf) {
        net = new MultiLayerNetwork(conf);
        net.init();
    }

    /**
     * W5 in channels_last (NHWC, as Keras): valid 3x3 convolutions ({@code ConvolutionMode.Truncate},
     * stride 1), 2x2 max pooling with stride 2; {@code setInputType} adds the flattening preprocessor.
     */
    static Dl4jSystem conv() {
        CNN2DFormat nhwc = CNN2DFormat.NHWC;
        return new Dl4jSystem(base().convolutionMode(ConvolutionMode.Truncate).list()
                .layer(new ConvolutionLayer.Builder(Workloads.KERNEL, Workloads.KERNEL).stride(1, 1)
                        .nOut(Workloads.CONV1_FILTERS).activation(Activation.RELU).dataFormat(nhwc).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(Workloads.POOL, Workloads.POOL)
                        .stride(Workloads.POOL, Workloads.POOL).dataFormat(nhwc).build())
                .layer(new ConvolutionLayer.Builder(Workloads.KERNEL, Workloads.KERNEL).stride(1, 1)
                        .nOut(Workloads.CONV2_FILTERS).activation(Activation.RELU).dataFormat(nhwc).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(Workloads.POOL, Workloads.POOL)
                        .stride(Workloads.POOL, Workloads.POOL).dataFormat(nhwc).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(Workloads.CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(Workloads.IMAGE_SIZE, Workloads.IMAGE_SIZE, 1, nhwc))
                .build());
    }

    /**
     * W6: DL4J's {@code LSTM} on {@code [batch, steps, features]} ({@code RNNFormat.NWC}) with Keras's
     * activations set explicitly (tanh for the cell and output, sigmoid for the gates; DL4J's global
     * default activation is sigmoid), forget-gate bias 1 (Keras's unit_forget_bias, DL4J's default),
     * wrapped in {@code LastTimeStep} (Keras's return_sequences=False).
     */
    static Dl4jSystem lstm() {
        return new Dl4jSystem(base().list()
                .layer(new LastTimeStep(new LSTM.Builder().nIn(Workloads.FEATURES).nOut(Workloads.UNITS)
                        .activation(Activation.TANH).gateActivationFunction(Activation.SIGMOID)
                        .forgetGateBiasInit(1.0).dataFormat(RNNFormat.NWC).build()))
                .layer(output(Workloads.UNITS))
                .setInputType(InputType.recurrent(Workloads.FEATURES, Workloads.STEPS, RNNFormat.NWC))
                .build());
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder()
                .seed(7)
                .dataType(DataType.FLOAT)
                .updater(new Adam(Workloads.LEARNING_RATE, 0.9, 0.999, 1e-7))
                .weightInit(WeightInit.XAVIER_UNIFORM);
    }

    private static OutputLayer output(int nIn) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(nIn)
                .nOut(Workloads.CLASSES).activation(Activation.SOFTMAX).build();
    }

    @Override
    public String name() {
        return "DL4J";
    }

    @Override
    public void trainEpoch(Workloads.Data data, int batchSize, int epoch) {
        int n = data.size();
        int[] order = Workloads.permutation(n, epoch);
        // pullRows gathers rows of a matrix: view the samples as [n, features] (a free reshape of the
        // contiguous set) and give the batch back its sample shape.
        INDArray flat = data.x().reshape(n, data.x().length() / n);
        long[] shape = data.x().shape().clone();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            int[] idx = Arrays.copyOfRange(order, from, to);
            shape[0] = idx.length;
            INDArray bx = Nd4j.pullRows(flat, 1, idx).reshape(shape);
            INDArray by = Nd4j.pullRows(data.y(), 1, idx);
            net.fit(new DataSet(bx, by));
        }
    }

    @Override
    public long parameters() {
        return net.numParams();
    }

    @Override
    public void predict(Workloads.Data data, int batchSize) {
        int n = data.size();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            net.output(data.x().get(Nd4jRows.range(from, to, data.x().rank())), false);
        }
    }

    MultiLayerNetwork network() {
        return net;
    }
}
