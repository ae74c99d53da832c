package dev.athanor.plugins.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.FitOptions;
import dev.athanor.core.Input;
import dev.athanor.core.Model;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.GlobalAveragePooling1D;
import dev.athanor.datasets.Datasets;
import dev.athanor.losses.Utils;
import dev.athanor.optimizers.Adam;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The end-to-end Transformer of issue 16 (Keras's "Text classification with Transformer": token +
 * position embedding, MultiHeadAttention + dropout + residual + LayerNormalization + feed-forward,
 * GlobalAveragePooling1D, Dense), trained from a fixed seed on two tasks:
 *
 * <ul>
 *   <li>the marker task, which needs attention: the class is the token that follows a marker placed at a
 *       random position among 20 random tokens. The Transformer reaches >= 0.95 on held-out sequences;
 *       a bag-of-embeddings model (same embedding, pooling and classifier, no attention and no positions)
 *       stays near chance (1/8), since the answer depends on order;</li>
 *   <li>the digits as sequences of 8 rows of 8 pixels (a Dense projection of each row plus
 *       {@link PositionEmbedding}), >= 0.95 on a held-out fifth.</li>
 * </ul>
 */
class TransformerTest {

    private static final int LENGTH = 20;
    private static final int CLASSES = 8;

    @Test
    void attentionSolvesTheMarkerTaskWhereABagOfEmbeddingsCannot() {
        TransformerModels.Marked train = TransformerModels.markerTask(4000, LENGTH, CLASSES, 1);
        TransformerModels.Marked test = TransformerModels.markerTask(1000, LENGTH, CLASSES, 2);
        INDArray y = Utils.toCategorical(train.labels(), CLASSES);
        int vocab = CLASSES + 2;

        Model transformer = TransformerModels.textClassifier("marker_", LENGTH, vocab, 32, 2, 16, 64, CLASSES, 0.1);
        transformer.compile(new Adam().learningRate(5e-3), "categorical_crossentropy", List.of("acc"));
        transformer.fit(train.ids(), y, new FitOptions().epochs(12).batchSize(32).seed(11).verbose(0));
        double acc = TransformerModels.accuracy(transformer.predict(test.ids()), test.labels());

        Model bag = TransformerModels.bagOfEmbeddings("bag_", LENGTH, vocab, 32, CLASSES);
        bag.compile(new Adam().learningRate(5e-3), "categorical_crossentropy", List.of("acc"));
        bag.fit(train.ids(), y, new FitOptions().epochs(6).batchSize(32).seed(11).verbose(0));
        double bagAcc = TransformerModels.accuracy(bag.predict(test.ids()), test.labels());

        System.out.printf("marker task, held-out accuracy: transformer %.3f, bag of embeddings %.3f (chance %.3f)%n",
                acc, bagAcc, 1.0 / CLASSES);
        assertTrue(acc >= 0.95, "transformer accuracy " + acc);
        assertTrue(bagAcc <= 0.3, "bag-of-embeddings accuracy " + bagAcc + " is not near chance");
    }

    @Test
    void digitsAsSequencesOfRows() {
        Datasets.Data digits = Datasets.digits();
        int n = digits.labels().length;
        int[] order = shuffled(n, 5);
        int nTest = n / 5;
        int[] testRows = java.util.Arrays.copyOfRange(order, 0, nTest);
        int[] trainRows = java.util.Arrays.copyOfRange(order, nTest, n);
        Tensor in = Input.of(8, 8);
        Tensor h = new Dense(32).name("digits_rows").apply(in);
        h = new PositionEmbedding(8).name("digits_positions").apply(h);
        h = TransformerModels.transformerBlock("digits_", h, 32, 2, 16, 64, 0.1);
        h = new GlobalAveragePooling1D().name("digits_pool").apply(h);
        Tensor out = new Dense(10).activation("softmax").name("digits_classes").apply(h);
        Model m = new Model(List.of(in), List.of(out));
        m.compile(new Adam().learningRate(2e-3), "categorical_crossentropy", List.of("acc"));
        INDArray yTrain = Utils.toCategorical(pick(digits.labels(), trainRows), 10);
        m.fit(images(digits.x(), trainRows), yTrain, new FitOptions().epochs(25).batchSize(32).seed(5).verbose(0));
        double acc = TransformerModels.accuracy(m.predict(images(digits.x(), testRows)), pick(digits.labels(), testRows));
        System.out.printf("digits as 8 rows x 8 pixels, held-out accuracy %.3f (%d test digits)%n", acc, nTest);
        assertTrue(acc >= 0.95, "held-out accuracy " + acc);
    }

    /** The chosen digits as {@code [k, 8, 8]}: 8 rows (the steps) of 8 pixels (the features). */
    private static INDArray images(INDArray flat, int[] rows) {
        return Nd4j.pullRows(flat, 1, rows).reshape(rows.length, 8, 8);
    }

    private static int[] pick(int[] labels, int[] rows) {
        return java.util.Arrays.stream(rows).map(i -> labels[i]).toArray();
    }

    private static int[] shuffled(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random r = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
