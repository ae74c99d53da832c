package dev.athanor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.FitOptions;
import dev.athanor.core.History;
import dev.athanor.core.Input;
import dev.athanor.core.Model;
import dev.athanor.core.Sequential;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Concatenate;
import dev.athanor.core.layers.Conv1D;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Embedding;
import dev.athanor.core.layers.Flatten;
import dev.athanor.core.layers.LSTM;
import dev.athanor.core.layers.MaxPooling1D;
import dev.athanor.optimizers.Adam;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The memo's two-input model (an LSTM branch and a convolution branch) and a masked text model, trained. */
class RecurrentEndToEndTest {

    private static double first(History h) {
        return h.history().get("loss").get(0);
    }

    private static double last(History h) {
        List<Double> l = h.history().get("loss");
        return l.get(l.size() - 1);
    }

    /**
     * Target = mean of the sequence's first feature + the largest value of the signal: each input
     * carries half of it, so both branches must learn.
     */
    @Test
    void lstmPlusConvTwoInputModelLearns() {
        int n = 192;
        Random r = new Random(3);
        float[][][] seq = new float[n][8][3];
        float[][][] signal = new float[n][16][1];
        float[][] y = new float[n][1];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int t = 0; t < 8; t++) {
                for (int f = 0; f < 3; f++) {
                    seq[i][t][f] = (float) r.nextGaussian();
                }
                s += seq[i][t][0];
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < 16; t++) {
                signal[i][t][0] = (float) r.nextGaussian();
                max = Math.max(max, signal[i][t][0]);
            }
            y[i][0] = (float) (s / 8 + max);
        }
        Tensor seqIn = Input.of(8, 3);
        Tensor sigIn = Input.of(16, 1);
        Tensor a = new LSTM(8).apply(seqIn);
        Tensor b = new Conv1D(8, 3).activation("relu").padding("same").apply(sigIn);
        b = new Flatten().apply(new MaxPooling1D(4).apply(b));
        Tensor out = new Dense(1).apply(new Dense(16).activation("relu").apply(new Concatenate().apply(a, b)));
        Model model = new Model(List.of(seqIn, sigIn), List.of(out));
        model.compile(new Adam().learningRate(0.01), "mse");
        History h = model.fit(List.of(Nd4j.create(seq), Nd4j.create(signal)), Nd4j.create(y),
                new FitOptions().epochs(7).batchSize(32).verbose(0).seed(5));
        assertTrue(last(h) < 0.3 * first(h), "loss did not fall clearly: " + h.history().get("loss"));
    }

    /**
     * Padded id sequences (0 = padding, at the end): the label is whether token 1 occurs more often
     * than token 2. With mask_zero the LSTM skips the padding, so the padding length does not matter.
     */
    @Test
    void maskedEmbeddingLstmClassifierLearns() {
        int n = 192;
        int len = 10;
        Random r = new Random(4);
        float[][] ids = new float[n][len];
        float[][] y = new float[n][1];
        for (int i = 0; i < n; i++) {
            int used = 3 + r.nextInt(len - 2);
            int ones = 0;
            int twos = 0;
            for (int t = 0; t < used; t++) {
                int id = 1 + r.nextInt(4);
                ids[i][t] = id;
                ones += id == 1 ? 1 : 0;
                twos += id == 2 ? 1 : 0;
            }
            y[i][0] = ones > twos ? 1 : 0;
        }
        Sequential model = new Sequential();
        model.add(new Embedding(5, 8).maskZero(true).inputLength(len));
        model.add(new LSTM(8));
        model.add(new Dense(1).activation("sigmoid"));
        model.compile(new Adam().learningRate(0.02), "binary_crossentropy", List.of("accuracy"));
        History h = model.fit(Nd4j.create(ids), Nd4j.create(y),
                new FitOptions().epochs(8).batchSize(32).verbose(0).seed(6));
        List<Double> acc = h.history().get("accuracy");
        assertTrue(last(h) < 0.6 * first(h), "loss did not fall clearly: " + h.history().get("loss"));
        assertTrue(acc.get(acc.size() - 1) > 0.85, "accuracy " + acc);
        // masked steps carry the state, so where the padding sits does not matter
        INDArray post = Nd4j.create(new float[][] {{1, 1, 3, 2, 0, 0, 0, 0, 0, 0}});
        INDArray pre = Nd4j.create(new float[][] {{0, 0, 0, 0, 0, 0, 1, 1, 3, 2}});
        INDArray inner = Nd4j.create(new float[][] {{0, 1, 0, 1, 0, 0, 3, 0, 2, 0}});
        double p = model.predict(post).getDouble(0);
        assertEquals(p, model.predict(pre).getDouble(0), 1e-6);
        assertEquals(p, model.predict(inner).getDouble(0), 1e-6);
    }
}
