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
import dev.athanor.losses.CategoricalCrossentropy;
import dev.athanor.losses.Utils;
import dev.athanor.optimizers.Adam;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
        assertTrue(java.util.Arrays.equals(expected.shape(), actual.shape()), what + ": shapes differ");
        double worst = expected.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .sub(actual.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)).amaxNumber().doubleValue();
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
    void sampleWeightsRunEagerlyWithTheSameResults() {
        Model[] m = pair(() -> mlp("softmax"), "categorical_crossentropy");
        long before = StepPlan.batchesRun();
        INDArray x = x(50, 4);
        INDArray w = Nd4j.linspace(org.nd4j.linalg.api.buffer.DataType.FLOAT, 0.5, 1.5 / 49, 50);
        FitOptions o = new FitOptions().epochs(2).batchSize(16).verbose(0).seed(3).sampleWeight(w);
        assertSameHistory(m[1].fit(x, y(x), o), m[0].fit(x, y(x), o), 1e-6);
        assertEquals(before, StepPlan.batchesRun(), "sample-weighted batches are not planned");
        assertSameWeights(m[1], m[0], 1e-6);
    }

    @Test
    void whatThePlanDoesNotCoverIsExplainedAndRunsEagerly() {
        Loss custom = (yTrue, yPred) -> yTrue.sub(yPred).square().mean(-1);
        Model[] lambda = pair(() -> mlp("softmax"), custom);
        assertEquals("eager: the loss is a custom function (planned: categorical_crossentropy)",
                lambda[0].explainCompiledStep());

        Model[] smoothing = pair(() -> mlp("softmax"), new CategoricalCrossentropy().labelSmoothing(0.1));
        assertEquals("eager: the loss has label smoothing", smoothing[0].explainCompiledStep());

        Model[] wrongHead = pair(() -> mlp("softmax"), new CategoricalCrossentropy().fromLogits(true));
        assertTrue(wrongHead[0].explainCompiledStep().contains("follows a 'softmax' output"),
                wrongHead[0].explainCompiledStep());

        Model[] dropout = pair(() -> {
            Sequential s = new Sequential();
            s.add(new Dense(16).activation("relu").inputDim(FEATURES));
            s.add(new Dropout(0.3).name("drop"));
            s.add(new Dense(CLASSES).activation("softmax"));
            return s;
        }, "categorical_crossentropy");
        assertEquals("eager: layer 'drop' is a Dropout (only Dense is planned so far)",
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

        Model[] tanh = pair(() -> {
            Sequential s = new Sequential();
            s.add(new Dense(8).activation("tanh").name("t").inputDim(FEATURES));
            s.add(new Dense(CLASSES).activation("softmax"));
            return s;
        }, "categorical_crossentropy");
        assertEquals("eager: layer 't' has activation 'tanh'; planned: relu, linear, softmax on the last layer",
                tanh[0].explainCompiledStep());

        Model[] functional = pair(() -> {
            Tensor in = Input.of(FEATURES);
            Tensor h = new Dense(8).activation("relu").apply(in);
            return new Model(List.of(in), List.of(new Dense(CLASSES).activation("softmax").apply(h)));
        }, "categorical_crossentropy");
        assertTrue(functional[0].explainCompiledStep().startsWith("eager: only a Sequential of Dense layers"),
                functional[0].explainCompiledStep());
    }
}
