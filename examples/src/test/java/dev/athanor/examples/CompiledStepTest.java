package dev.athanor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.CompileOptions;
import dev.athanor.core.FitOptions;
import dev.athanor.core.History;
import dev.athanor.core.Input;
import dev.athanor.core.Loss;
import dev.athanor.core.Model;
import dev.athanor.core.Sequential;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Dropout;
import dev.athanor.core.layers.Masking;
import dev.athanor.core.training.StepPlan;
import dev.athanor.losses.BinaryCrossentropy;
import dev.athanor.losses.CategoricalCrossentropy;
import dev.athanor.losses.SparseCategoricalCrossentropy;
import dev.athanor.losses.Utils;
import dev.athanor.optimizers.Adam;
import dev.athanor.optimizers.SGD;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The compiled (planned) training step against the eager one: the same model, weights and data
 * trained both ways must end with the same weights, losses, metrics, predictions and evaluation
 * (to 1e-6: the products are the same OpenBLAS calls but ND4J may block them differently), and
 * everything the plan does not cover must say so and run eagerly.
 */
class CompiledStepTest {

    private static final int FEATURES = 12;
    private static final int CLASSES = 5;

    private static INDArray x(int n, long seed) {
        Random r = new Random(seed);
        float[][] v = new float[n][FEATURES];
        for (float[] row : v) {
            for (int j = 0; j < FEATURES; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        return Nd4j.createFromArray(v);
    }

    private static INDArray y(INDArray x) {
        int n = (int) x.size(0);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double s = x.getDouble(i, 0) + 0.5 * x.getDouble(i, 3) - x.getDouble(i, 7);
            labels[i] = Math.floorMod((int) Math.floor(s * 1.5), CLASSES);
        }
        return Utils.toCategorical(labels, CLASSES);
    }

    private static Sequential mlp(String lastActivation) {
        Sequential m = new Sequential();
        m.add(new Dense(32).activation("relu").inputDim(FEATURES));
        m.add(new Dense(16));
        m.add(new Dense(24).activation("relu"));
        m.add(new Dense(CLASSES).activation(lastActivation));
        return m;
    }

    /** Two copies of one model with equal weights, one compiled with jitCompile(false). */
    private static Model[] pair(Supplier<Model> make, Object loss) {
        Model compiled = make.get();
        Model eager = make.get();
        compiled.compile(new CompileOptions().optimizer(new Adam().learningRate(0.01)).loss(loss).metrics("accuracy"));
        eager.compile(new CompileOptions().optimizer(new Adam().learningRate(0.01)).loss(loss).metrics("accuracy")
                .jitCompile(false));
        eager.setWeights(compiled.getWeights());
        return new Model[] {compiled, eager};
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertTrue(Arrays.equals(expected.shape(), actual.shape()), what + ": shapes differ");
        double worst = expected.castTo(DataType.DOUBLE)
                .sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(worst <= tol, what + ": max |eager - compiled| = " + worst);
    }

    private static void assertSameWeights(Model eager, Model compiled, double tol) {
        List<INDArray> a = eager.getWeights();
        List<INDArray> b = compiled.getWeights();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertClose(a.get(i), b.get(i), tol, "weight " + i);
        }
    }

    private static void assertSameHistory(History eager, History compiled, double tol) {
        assertEquals(eager.history().keySet(), compiled.history().keySet());
        for (Map.Entry<String, List<Double>> e : eager.history().entrySet()) {
            List<Double> c = compiled.history().get(e.getKey());
            for (int i = 0; i < e.getValue().size(); i++) {
                assertEquals(e.getValue().get(i), c.get(i), tol, e.getKey() + " epoch " + i);
            }
        }
    }

    @Test
    void denseChainTrainsLikeTheEagerStepWithShuffleValidationAndAPartialLastBatch() {
        Model[] m = pair(() -> mlp("softmax"), "categorical_crossentropy");
        assertEquals("compiled", m[0].explainCompiledStep());
        assertTrue(m[1].explainCompiledStep().startsWith("eager: the model was compiled with jitCompile(false)"),
                m[1].explainCompiledStep());
        INDArray x = x(150, 1);
        INDArray y = y(x);
        INDArray vx = x(40, 2);
        // 150 samples in batches of 32: four full batches and a last one of 22 rows.
        FitOptions o = new FitOptions().epochs(3).batchSize(32).verbose(0).seed(5).validationData(vx, y(vx));
        History he = m[1].fit(x, y, o);
        long before = StepPlan.batchesRun();
        History hc = m[0].fit(x, y, o);
        // 3 epochs x 5 batches trained, 3 validations x 2 batches evaluated, all planned.
        assertEquals(21, StepPlan.batchesRun() - before);
        assertSameHistory(he, hc, 1e-6);
        assertSameWeights(m[1], m[0], 1e-6);
        INDArray pe = m[1].predict(vx, 16);
        before = StepPlan.batchesRun();
        INDArray pc = m[0].predict(vx, 16);
        assertEquals(3, StepPlan.batchesRun() - before, "40 rows in batches of 16, planned");
        assertClose(pe, pc, 1e-6, "predict");
        double[] ee = m[1].evaluate(vx, y(vx), 7);
        double[] ec = m[0].evaluate(vx, y(vx), 7);
        assertEquals(ee[0], ec[0], 1e-6, "evaluate loss");
        assertEquals(ee[1], ec[1], 1e-9, "evaluate accuracy");
        // The training actually moved the weights (the comparison above is not of two idle models).
        assertTrue(hc.history().get("loss").get(2) < hc.history().get("loss").get(0), hc.history().toString());
    }

    @Test
    void growingAndShrinkingBatchesReplanAndAgree() {
        Model[] m = pair(() -> mlp("softmax"), new CategoricalCrossentropy());
        for (int rows : new int[] {10, 40, 3, 40, 64}) {
            INDArray x = x(rows, rows);
            INDArray y = y(x);
            double[] e = m[1].trainOnBatch(x, y);
            double[] c = m[0].trainOnBatch(x, y);
            assertEquals(e[0], c[0], 1e-6, "loss at batch " + rows);
            assertEquals(e[1], c[1], 1e-9, "accuracy at batch " + rows);
        }
        assertSameWeights(m[1], m[0], 1e-6);
    }

    @Test
    void logitsOutputWithFromLogitsAgreesAndPredictsLogits() {
        Model[] m = pair(() -> mlp("linear"), new CategoricalCrossentropy().fromLogits(true));
        assertEquals("compiled", m[0].explainCompiledStep());
        INDArray x = x(70, 3);
        FitOptions o = new FitOptions().epochs(2).batchSize(16).verbose(0).seed(9);
        assertSameHistory(m[1].fit(x, y(x), o), m[0].fit(x, y(x), o), 1e-6);
        assertSameWeights(m[1], m[0], 1e-6);
        INDArray pe = m[1].predict(x, 32);
        INDArray pc = m[0].predict(x, 32);
        assertClose(pe, pc, 1e-5, "logits");
        assertTrue(pc.minNumber().doubleValue() < 0, "logits, not probabilities: " + pc);
    }

    @Test
    void thePropertySwitchesCompilationOff() {
        Model[] m = pair(() -> mlp("softmax"), "categorical_crossentropy");
        System.setProperty("athanor.compiled", "false");
        try {
            assertEquals("eager: compiled steps are switched off (-Dathanor.compiled=false)",
                    m[0].explainCompiledStep());
        } finally {
            System.clearProperty("athanor.compiled");
        }
        assertEquals("compiled", m[0].explainCompiledStep());
    }

    @Test
    void sampleAndClassWeightsArePlannedAndAgree() {
        Model[] m = pair(() -> mlp("softmax"), "categorical_crossentropy");
        INDArray x = x(50, 4);
        INDArray w = Nd4j.linspace(DataType.FLOAT, 0.5, 1.5 / 49, 50);
        FitOptions o = new FitOptions().epochs(2).batchSize(16).verbose(0).seed(3).sampleWeight(w);
        History he = m[1].fit(x, y(x), o);
        long before = StepPlan.batchesRun();
        History hc = m[0].fit(x, y(x), o);
        assertEquals(8, StepPlan.batchesRun() - before, "2 epochs x 4 sample-weighted batches, planned");
        assertSameHistory(he, hc, 1e-6);
        assertSameWeights(m[1], m[0], 1e-6);
        FitOptions classes = new FitOptions().epochs(2).batchSize(16).verbose(0).seed(4)
                .classWeight(Map.of(0, 2.0, 1, 0.5, 2, 1.0, 3, 3.0, 4, 1.0));
        assertSameHistory(m[1].fit(x, y(x), classes), m[0].fit(x, y(x), classes), 1e-6);
        assertSameWeights(m[1], m[0], 1e-6);
    }

    @Test
    void whatThePlanDoesNotCoverIsExplainedAndRunsEagerly() {
        Loss custom = (yTrue, yPred) -> yTrue.sub(yPred).square().mean(-1);
        Model[] lambda = pair(() -> mlp("softmax"), custom);
        assertEquals("eager: the loss is a custom function (planned: categorical_crossentropy, "
                + "sparse_categorical_crossentropy, binary_crossentropy, mean_squared_error)",
                lambda[0].explainCompiledStep());

        Model[] smoothing = pair(() -> mlp("softmax"), new CategoricalCrossentropy().labelSmoothing(0.1));
        assertEquals("eager: the loss has label smoothing", smoothing[0].explainCompiledStep());

        Model[] wrongHead = pair(() -> mlp("softmax"), new CategoricalCrossentropy().fromLogits(true));
        assertTrue(wrongHead[0].explainCompiledStep().contains("follows a 'softmax' output"),
                wrongHead[0].explainCompiledStep());

        Model[] dropout = pair(() -> {
            Sequential s = new Sequential();
            s.add(new Dense(16).activation("relu").inputDim(FEATURES));
            s.add(new Dropout(0.3).noiseShape(-1, 1).name("drop"));
            s.add(new Dense(CLASSES).activation("softmax"));
            return s;
        }, "categorical_crossentropy");
        assertEquals("eager: layer 'drop' is a Dropout with a noise_shape (planned: without)",
                dropout[0].explainCompiledStep());
        INDArray x = x(40, 6);
        FitOptions o = new FitOptions().epochs(2).batchSize(16).verbose(0).seed(11);
        // Dropout draws from the fit's seed: both runs see the same masks.
        assertSameHistory(dropout[1].fit(x, y(x), o), dropout[0].fit(x, y(x), o), 0);
        assertSameWeights(dropout[1], dropout[0], 0);

        Model[] masked = pair(() -> {
            Sequential s = new Sequential();
            s.add(new Masking(0.0).name("mask").inputShape(4, FEATURES));
            s.add(new Dense(CLASSES).activation("softmax"));
            return s;
        }, "categorical_crossentropy");
        assertTrue(masked[0].explainCompiledStep().startsWith("eager: layer 'mask' is a Masking"),
                masked[0].explainCompiledStep());

        Model[] regularized = pair(() -> {
            Sequential s = new Sequential();
            s.add(new Dense(8).activation("relu").kernelRegularizer("l2").name("l2").inputDim(FEATURES));
            s.add(new Dense(CLASSES).activation("softmax"));
            return s;
        }, "categorical_crossentropy");
        assertEquals("eager: layer 'l2' has a regularizer (its penalty is an added loss)",
                regularized[0].explainCompiledStep());
        assertSameHistory(regularized[1].fit(x, y(x), o), regularized[0].fit(x, y(x), o), 0);

        Model[] elu = pair(() -> {
            Sequential s = new Sequential();
            s.add(new Dense(8).activation("elu").name("t").inputDim(FEATURES));
            s.add(new Dense(CLASSES).activation("softmax"));
            return s;
        }, "categorical_crossentropy");
        assertEquals("eager: layer 't' has activation 'elu'; planned: linear, relu, sigmoid, tanh, and softmax on the last layer",
                elu[0].explainCompiledStep());

        Model[] functional = pair(() -> {
            Tensor in = Input.of(FEATURES);
            Tensor h = new Dense(8).activation("relu").apply(in);
            return new Model(List.of(in), List.of(new Dense(CLASSES).activation("softmax").apply(h)));
        }, "categorical_crossentropy");
        assertTrue(functional[0].explainCompiledStep().startsWith("eager: only a Sequential of Dense (and Dropout) layers"),
                functional[0].explainCompiledStep());

        Model[] mseAfterSoftmax = pair(() -> mlp("softmax"), "mse");
        assertEquals("eager: mean_squared_error follows a softmax output (planned: linear, relu, sigmoid or tanh)",
                mseAfterSoftmax[0].explainCompiledStep());
        Model[] binaryAfterSoftmax = pair(() -> mlp("softmax"), "binary_crossentropy");
        assertTrue(binaryAfterSoftmax[0].explainCompiledStep().contains("follows a 'softmax' output (planned: sigmoid"),
                binaryAfterSoftmax[0].explainCompiledStep());
        Model[] trailingDropout = pair(() -> {
            Sequential s = new Sequential();
            s.add(new Dense(CLASSES).activation("softmax").inputDim(FEATURES));
            s.add(new Dropout(0.5).name("late"));
            return s;
        }, "categorical_crossentropy");
        assertTrue(trailingDropout[0].explainCompiledStep().startsWith("eager: layer 'late' is a Dropout that does not"
                + " sit between two Dense layers"), trailingDropout[0].explainCompiledStep());
    }

    /** {@link #mlp} with a Dropout after its first and third Dense layers. */
    private static Sequential withDropout() {
        Sequential m = new Sequential();
        m.add(new Dense(32).activation("relu").inputDim(FEATURES));
        m.add(new Dropout(0.3));
        m.add(new Dense(16).activation("tanh"));
        m.add(new Dense(24).activation("sigmoid"));
        m.add(new Dropout(0.5));
        m.add(new Dense(CLASSES).activation("softmax"));
        return m;
    }

    @Test
    void dropoutDrawsTheEagerMasksFromTheFitSeed() {
        // SGD, not Adam: Adam divides by sqrt(v) + 1e-7, so for the many near-zero gradients that dropped units
        // leave it magnifies the last-bit differences of the two products far beyond 1e-6
        Model[] m = {withDropout(), withDropout()};
        m[0].compile(new CompileOptions().optimizer(new SGD().learningRate(0.1)).loss("categorical_crossentropy"));
        m[1].compile(new CompileOptions().optimizer(new SGD().learningRate(0.1)).loss("categorical_crossentropy")
                .jitCompile(false));
        m[1].setWeights(m[0].getWeights());
        assertEquals("compiled", m[0].explainCompiledStep());
        INDArray x = x(100, 12);
        INDArray vx = x(30, 13);
        FitOptions o = new FitOptions().epochs(3).batchSize(32).verbose(0).seed(21).validationData(vx, y(vx));
        History he = m[1].fit(x, y(x), o);
        long before = StepPlan.batchesRun();
        History hc = m[0].fit(x, y(x), o);
        assertEquals(3 * 4 + 3 * 1, StepPlan.batchesRun() - before, "every batch planned, validation too");
        assertSameHistory(he, hc, 1e-6);
        assertSameWeights(m[1], m[0], 1e-6);
        // prediction and evaluation leave dropout out
        assertClose(m[1].predict(vx, 8), m[0].predict(vx, 8), 1e-6, "predict");
        assertEquals(m[1].evaluate(vx, y(vx), 8)[0], m[0].evaluate(vx, y(vx), 8)[0], 1e-6, "evaluate");
    }

    /** A model whose hidden layers use the planned activations other than ReLU, with {@code last} on top. */
    private static Sequential smooth(String last) {
        Sequential m = new Sequential();
        m.add(new Dense(20).activation("sigmoid").inputDim(FEATURES));
        m.add(new Dense(16).activation("tanh"));
        m.add(new Dense(CLASSES).activation(last));
        return m;
    }

    /** Multi-label 0/1 targets. */
    private static INDArray binaryTargets(INDArray x) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, CLASSES))
                .add(x.get(NDArrayIndex.all(),
                        NDArrayIndex.interval(CLASSES, 2 * CLASSES)))
                .gt(0).castTo(DataType.FLOAT);
    }

    /** Real-valued regression targets. */
    private static INDArray realTargets(INDArray x) {
        return Transforms.tanh(x.get(NDArrayIndex.all(),
                NDArrayIndex.interval(2, 2 + CLASSES)).mul(0.7), true).dup('c');
    }

    /** Class indices: shape [n] as int32 when {@code column} is false, else [n, 1] float32. */
    private static INDArray sparseTargets(INDArray x, boolean column) {
        INDArray idx = y(x).argMax(1);
        return column ? idx.castTo(DataType.FLOAT).reshape(-1, 1).dup('c')
                : idx.castTo(DataType.INT32);
    }

    static Stream<Arguments> heads() {
        return Stream.of(
                Arguments.of("mse linear", "linear", "mse", "mae"),
                Arguments.of("mse tanh", "tanh", "mse", "mae"),
                Arguments.of("mse sigmoid", "sigmoid", "mse", "mae"),
                Arguments.of("mse relu", "relu", "mse", "mae"),
                Arguments.of("bce sigmoid", "sigmoid", "binary_crossentropy",
                        "binary_accuracy"),
                Arguments.of("bce logits", "linear",
                        new BinaryCrossentropy().fromLogits(true), "binary_accuracy"),
                Arguments.of("sparse softmax [n] int", "softmax",
                        "sparse_categorical_crossentropy", "accuracy"),
                Arguments.of("sparse logits [n,1] float", "linear",
                        new SparseCategoricalCrossentropy().fromLogits(true), "accuracy"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("heads")
    void otherActivationsAndLossesAreCompiledAndAgree(String name, String last, Object loss, String metric) {
        Model compiled = smooth(last);
        Model eager = smooth(last);
        compiled.compile(new CompileOptions().optimizer(new Adam().learningRate(0.01)).loss(loss).metrics(metric));
        eager.compile(new CompileOptions().optimizer(new Adam().learningRate(0.01)).loss(loss).metrics(metric)
                .jitCompile(false));
        eager.setWeights(compiled.getWeights());
        assertEquals("compiled", compiled.explainCompiledStep(), name);
        INDArray x = x(90, 31);
        INDArray vx = x(20, 32);
        Function<INDArray, INDArray> targets = name.startsWith("mse") ? CompiledStepTest::realTargets
                : name.startsWith("bce") ? CompiledStepTest::binaryTargets
                : a -> sparseTargets(a, name.contains("[n,1]"));
        INDArray w = Nd4j.linspace(DataType.FLOAT, 0.2, 1.8 / 89, 90);
        FitOptions o = new FitOptions().epochs(3).batchSize(16).verbose(0).seed(17).sampleWeight(w)
                .validationData(vx, targets.apply(vx));
        History he = eager.fit(x, targets.apply(x), o);
        long before = StepPlan.batchesRun();
        History hc = compiled.fit(x, targets.apply(x), o);
        // 90 samples in batches of 16: 6 batches per epoch (the last of 10), 2 validation batches
        assertEquals(3 * 6 + 3 * 2, StepPlan.batchesRun() - before, name + ": every batch planned");
        assertSameHistory(he, hc, 1e-6);
        assertSameWeights(eager, compiled, 1e-6);
        assertClose(eager.predict(vx, 8), compiled.predict(vx, 8), 1e-6, name + " predict");
        double[] ee = eager.evaluate(vx, targets.apply(vx), 8);
        double[] ec = compiled.evaluate(vx, targets.apply(vx), 8);
        assertEquals(ee[0], ec[0], 1e-6, name + " evaluate loss");
        assertEquals(ee[1], ec[1], 1e-6, name + " evaluate " + metric);
        assertTrue(hc.history().get("loss").get(2) < hc.history().get("loss").get(0), name + " " + hc.history());
    }
}
