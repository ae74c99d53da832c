package dev.athanor.bench;

import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.Sequential;
import dev.athanor.core.layers.Dense;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * W4: an MLP of about 50 M float32 parameters (2048 -> 4096 -> 4096 -> 4096 -> 2048) written to a
 * Keras {@code .h5} file and loaded back, as MB/s of parameters each way and the peak heap; DL4J's
 * own format ({@code ModelSerializer}, a zip) on the same layers for reference.
 */
final class FileRoundTrip {

    private static final int[] WIDTHS = {2048, 4096, 4096, 4096, 2048};

    private FileRoundTrip() {
    }

    record Result(String system, long params, long fileBytes, Samples saveMbs, Samples loadMbs,
                  double saveHeapMb, double loadHeapMb) {
    }

    static List<Result> run(int rounds) throws IOException {
        Path dir = Files.createTempDirectory("athanor-bench");
        try {
            Sequential model = new Sequential();
            model.add(new Dense(WIDTHS[1]).activation("relu").inputDim(WIDTHS[0]));
            for (int i = 2; i < WIDTHS.length; i++) {
                model.add(new Dense(WIDTHS[i]).activation(i == WIDTHS.length - 1 ? "linear" : "relu"));
            }
            MultiLayerNetwork net = dl4j();
            long params = model.countParams();
            double mb = params * 4 / 1e6;
            Samples aSave = new Samples(), aLoad = new Samples(), dSave = new Samples(), dLoad = new Samples();
            double[] heap = new double[4];
            Path h5 = dir.resolve("w4.h5");
            File zip = dir.resolve("w4.zip").toFile();
            for (int r = 0; r < rounds; r++) {
                double load = MachineFacts.loadValue();
                long t0 = System.nanoTime();
                heap[0] = Math.max(heap[0], HeapPeak.duringMb(() -> model.save(h5)));
                aSave.add(mb / seconds(t0), load);
                Model[] back = new Model[1];
                t0 = System.nanoTime();
                heap[1] = Math.max(heap[1], HeapPeak.duringMb(() -> back[0] = Models.load(h5)));
                aLoad.add(mb / seconds(t0), load);
                if (back[0].countParams() != params) {
                    throw new IllegalStateException("W4: the loaded model has " + back[0].countParams() + " parameters, not " + params);
                }
                back[0] = null;
                t0 = System.nanoTime();
                heap[2] = Math.max(heap[2], HeapPeak.duringMb(() -> write(net, zip)));
                dSave.add(mb / seconds(t0), load);
                t0 = System.nanoTime();
                heap[3] = Math.max(heap[3], HeapPeak.duringMb(() -> read(zip)));
                dLoad.add(mb / seconds(t0), load);
            }
            List<Result> out = new ArrayList<>();
            out.add(new Result("Athanor .h5", params, Files.size(h5), aSave, aLoad, heap[0], heap[1]));
            out.add(new Result("DL4J zip", net.numParams(), zip.length(), dSave, dLoad, heap[2], heap[3]));
            return out;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static MultiLayerNetwork dl4j() {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT).list();
        for (int i = 1; i < WIDTHS.length - 1; i++) {
            b.layer(new DenseLayer.Builder().nIn(WIDTHS[i - 1]).nOut(WIDTHS[i]).activation(Activation.RELU).build());
        }
        b.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(WIDTHS[WIDTHS.length - 2])
                .nOut(WIDTHS[WIDTHS.length - 1]).activation(Activation.IDENTITY).build());
        MultiLayerConfiguration conf = b.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static void write(MultiLayerNetwork net, File f) {
        try {
            ModelSerializer.writeModel(net, f, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void read(File f) {
        try {
            ModelSerializer.restoreMultiLayerNetwork(f, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String format(Result r) {
        return String.format(Locale.ROOT, "%-12s %,d params, file %,.1f MB: save %,.0f MB/s, load %,.0f MB/s;"
                        + " peak heap save %,.0f MB, load %,.0f MB   [save runs %s | load runs %s]",
                r.system(), r.params(), r.fileBytes() / 1e6, r.saveMbs().median(), r.loadMbs().median(),
                r.saveHeapMb(), r.loadHeapMb(), r.saveMbs().runs(), r.loadMbs().runs());
    }
}
