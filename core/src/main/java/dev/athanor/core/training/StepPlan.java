package dev.athanor.core.training;

import dev.athanor.core.Internal;
import dev.athanor.core.Loss;
import dev.athanor.core.Model;
import dev.athanor.core.Sequential;
import dev.athanor.core.Variable;
import dev.athanor.core.activations.Activation;
import dev.athanor.core.activations.NamedActivation;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Dropout;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.ops.DenseKernels;
import dev.athanor.core.ops.HostBlas;
import dev.athanor.core.ops.PlannedActivation;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The compiled step: a model's forward pass, loss and backward pass replayed on buffers planned
 * once, in the spirit of Keras's {@code train_step} under {@code jit_compile}. The plan is made
 * from the built model (what ops a step runs follows from its layers), its buffers are allocated
 * for the largest batch seen and reused over their first rows for smaller ones (the last partial
 * batch), the matrix products go straight into them with ND4J's own OpenBLAS, and bias and
 * activation are fused into one pass: no {@code INDArray} is allocated per step. Shuffled batches of
 * arrays are gathered straight into the plan's input and target memory ({@link BatchBuffers}).
 *
 * <p>What it covers today: a {@link Sequential} of {@link Dense} layers (float32, rank-2 input,
 * linear, ReLU, sigmoid or tanh activations, softmax allowed last; no regularizers; all trainable),
 * each optionally followed by a {@link Dropout} without {@code noise_shape} (same masks as eagerly
 * from the same seed), trained with one of: {@code categorical_crossentropy} or
 * {@code sparse_categorical_crossentropy} (softmax output, or {@code from_logits} on a linear one; no
 * label smoothing), {@code binary_crossentropy} (sigmoid output, or {@code from_logits} on a linear
 * one; no label smoothing), {@code mean_squared_error} (any planned activation but softmax); with or
 * without sample (and class) weights; and prediction of any such chain. Anything else runs eagerly
 * with the same numbers; {@link #explain} says why. The system property {@value #PROPERTY}{@code =false}
 * or {@code CompileOptions.jitCompile(false)} turns it off.
 *
 * <p>Results agree with the eager step to float rounding: the same products (OpenBLAS sgemm), the
 * same float bias add, activations and dropout masks, and the eager losses' formulas.
 */
@Internal
public final class StepPlan implements BatchBuffers {

    /** System property that turns compiled steps off when {@code false}. */
    public static final String PROPERTY = "athanor.compiled";

    /** Batches run by any plan in this process (tests check that a step was planned, not eager). */
    private static final LongAdder BATCHES = new LongAdder();

    private static final String PLANNED_LOSSES = "categorical_crossentropy, sparse_categorical_crossentropy, "
            + "binary_crossentropy, mean_squared_error";

    /** The loss a plan computes, with how it meets the last layer. */
    private enum Head {
        /** Crossentropy on the logits of a softmax output (written back as probabilities). */
        SOFTMAX_CROSSENTROPY,
        /** Crossentropy {@code from_logits} on a linear output. */
        LOGITS_CROSSENTROPY,
        /** Binary crossentropy on the logits of a sigmoid output (written back as probabilities). */
        SIGMOID_BINARY,
        /** Binary crossentropy {@code from_logits} on a linear output. */
        LOGITS_BINARY,
        /** Mean squared error on the output, through the last layer's activation. */
        MEAN_SQUARED
    }

    private final List<DensePlan> layers;
    /** The loss, or null for a prediction plan. */
    private final Head head;
    /** Whether targets are class indices (sparse crossentropy), made one-hot in {@link #oneHot}. */
    private final boolean sparse;
    /** A prediction plan whose last layer is softmax: applied after its linear forward. */
    private final boolean softmaxLast;
    private final boolean training;
    private int capacity;
    private INDArray oneHot;
    private FloatBuffer oneHotBuf;
    /** Planned memory batches are gathered into ({@link BatchBuffers}); allocated on first use. */
    private INDArray inputs;
    private INDArray targets;
    private int gatherCapacity;
    /** Views of the first rows of {@link #inputs} and {@link #targets}, by row count: made once per batch size. */
    private final Map<Integer, INDArray[]> rowViews = new HashMap<>();

    private StepPlan(List<DensePlan> layers, Head head, boolean sparse, boolean softmaxLast, boolean training) {
        this.layers = layers;
        this.head = head;
        this.sparse = sparse;
        this.softmaxLast = softmaxLast;
        this.training = training;
    }

    /** How many batches plans have run (trained, evaluated or predicted) in this process. */
    public static long batchesRun() {
        return BATCHES.sum();
    }

    /** Whether compiled steps are switched on for this process (the {@value #PROPERTY} property). */
    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"));
    }

    /**
     * Why a training step of {@code model} compiled as {@code c} runs eagerly, or null when it is
     * planned. {@code c} null: why prediction runs eagerly.
     */
    public static String explain(Model model, Compiled c) {
        if (!enabled()) {
            return "compiled steps are switched off (-D" + PROPERTY + "=false)";
        }
        if (c != null && !c.jitCompile) {
            return "the model was compiled with jitCompile(false)";
        }
        if (model.getClass() != Sequential.class) {
            return "only a Sequential of Dense (and Dropout) layers is planned; this model is a "
                    + model.getClass().getSimpleName();
        }
        List<Layer> stack = model.layers();
        if (stack.isEmpty()) {
            return "the model has no layers";
        }
        Layer top = stack.get(stack.size() - 1);
        if (top.getClass() != Dense.class) { // the output layer first: the loss meets it
            return "layer '" + top.name() + "' " + (top.getClass() == Dropout.class
                    ? dropoutReason((Dropout) top, stack.size() - 1, stack) : denseReason(top, true));
        }
        for (int i = 0; i < stack.size(); i++) {
            Layer l = stack.get(i);
            String why = l.getClass() == Dropout.class ? dropoutReason((Dropout) l, i, stack)
                    : denseReason(l, lastDense(stack) == l);
            if (why != null) {
                return "layer '" + l.name() + "' " + why;
            }
        }
        if (c == null) {
            return null;
        }
        if (c.losses.size() != 1 || c.losses.get(0) == null) {
            return "only one output with a loss is planned";
        }
        if (c.lossWeights.get(0) != 1.0) {
            return "the loss has a weight other than 1";
        }
        return lossReason(c.losses.get(0), activationName(lastDense(stack).activation()));
    }

    private static Dense lastDense(List<Layer> stack) {
        return stack.get(stack.size() - 1) instanceof Dense d ? d : null;
    }

    private static String dropoutReason(Dropout d, int i, List<Layer> stack) {
        if (i == 0 || stack.get(i - 1).getClass() != Dense.class || i == stack.size() - 1) {
            return "is a Dropout that does not sit between two Dense layers (planned: Dense, Dropout, Dense)";
        }
        if (d.config().get("noise_shape") != null) {
            return "is a Dropout with a noise_shape (planned: without)";
        }
        return null;
    }

    private static String denseReason(Layer l, boolean last) {
        if (l.getClass() != Dense.class) {
            return "is a " + l.getClass().getSimpleName() + " (planned: Dense and Dropout)";
        }
        Dense d = (Dense) l;
        if (d.kernel() == null) {
            return "is not built";
        }
        if (!l.trainable()) {
            return "is frozen (trainable=false)";
        }
        if (d.activityRegularizer() != null || !l.regularizationLosses().isEmpty()) {
            return "has a regularizer (its penalty is an added loss)";
        }
        if (!DensePlan.addressable(d.kernel().value())
                || (d.bias() != null && !DensePlan.addressable(d.bias().value()))) {
            return "has weights that are not dense float32 arrays";
        }
        String act = activationName(d.activation());
        if (PlannedActivation.named(act) == null && !(last && "softmax".equals(act))) {
            return "has activation " + (act == null ? "(a custom function)" : "'" + act + "'")
                    + "; planned: linear, relu, sigmoid, tanh, and softmax on the last layer";
        }
        return null;
    }

    private static String lossReason(Loss loss, String lastActivation) {
        Head head = head(loss, lastActivation);
        if (head != null) {
            return null;
        }
        String kind = lossKind(loss);
        if (kind == null) {
            return "the loss " + (loss.registryName() == null ? "is a custom function" : "'" + loss.registryName() + "'")
                    + " (planned: " + PLANNED_LOSSES + ")";
        }
        Object smoothing = loss.config().get("label_smoothing");
        if (smoothing instanceof Number n && n.doubleValue() != 0.0) {
            return "the loss has label smoothing";
        }
        if (kind.equals("mse")) {
            return "mean_squared_error follows a softmax output (planned: linear, relu, sigmoid or tanh)";
        }
        boolean fromLogits = Boolean.TRUE.equals(loss.config().get("from_logits"));
        String probabilities = kind.equals("binary") ? "sigmoid" : "softmax";
        return loss.registryName() + "(from_logits=" + fromLogits + ") follows a '" + lastActivation
                + "' output (planned: " + probabilities + " with probabilities, linear with from_logits)";
    }

    /** "categorical", "sparse", "binary", "mse", or null for a loss the plan does not compute. */
    private static String lossKind(Loss loss) {
        return switch (loss.getClass().getName()) {
            case "dev.athanor.losses.CategoricalCrossentropy" -> "categorical";
            case "dev.athanor.losses.SparseCategoricalCrossentropy" -> "sparse";
            case "dev.athanor.losses.BinaryCrossentropy" -> "binary";
            case "dev.athanor.losses.MeanSquaredError" -> "mse";
            default -> null;
        };
    }

    /** The head that computes {@code loss} after a last layer with {@code lastActivation}, or null. */
    private static Head head(Loss loss, String lastActivation) {
        String kind = lossKind(loss);
        if (kind == null) {
            return null;
        }
        if (kind.equals("mse")) {
            return PlannedActivation.named(lastActivation) != null ? Head.MEAN_SQUARED : null;
        }
        Object smoothing = loss.config().get("label_smoothing");
        if (smoothing instanceof Number n && n.doubleValue() != 0.0) {
            return null;
        }
        boolean fromLogits = Boolean.TRUE.equals(loss.config().get("from_logits"));
        if (fromLogits) {
            if (!"linear".equals(lastActivation)) {
                return null;
            }
            return kind.equals("binary") ? Head.LOGITS_BINARY : Head.LOGITS_CROSSENTROPY;
        }
        if (kind.equals("binary")) {
            return "sigmoid".equals(lastActivation) ? Head.SIGMOID_BINARY : null;
        }
        return "softmax".equals(lastActivation) ? Head.SOFTMAX_CROSSENTROPY : null;
    }

    private static String activationName(Activation a) {
        return a instanceof NamedActivation n ? n.name() : null;
    }

    /** The training plan for {@code model}, or null when {@link #explain} gives a reason. */
    static StepPlan forTraining(Model model, Compiled c) {
        return explain(model, c) == null ? create(model, c.losses.get(0), true) : null;
    }

    /** The prediction plan for {@code model}, or null when {@link #explain} gives a reason. */
    static StepPlan forPrediction(Model model) {
        return explain(model, null) == null ? create(model, null, false) : null;
    }

    /** The evaluation plan: prediction's forward plus the loss, or null. */
    static StepPlan forEvaluation(Model model, Compiled c) {
        return explain(model, c) == null ? create(model, c.losses.get(0), false) : null;
    }

    private static StepPlan create(Model model, Loss loss, boolean training) {
        List<Layer> stack = model.layers();
        String lastName = activationName(lastDense(stack).activation());
        Head head = loss == null ? null : head(loss, lastName);
        List<DensePlan> plans = new ArrayList<>();
        for (int i = 0; i < stack.size(); i++) {
            if (!(stack.get(i) instanceof Dense d)) {
                continue;
            }
            boolean last = i == stack.size() - 1;
            // the softmax (and, for binary crossentropy, the sigmoid) of the last layer is the loss's
            PlannedActivation act = last && ("softmax".equals(lastName) || head == Head.SIGMOID_BINARY)
                    ? PlannedActivation.LINEAR : PlannedActivation.named(activationName(d.activation()));
            double rate = !last && stack.get(i + 1) instanceof Dropout drop ? drop.rate() : 0;
            plans.add(new DensePlan(d, act, rate));
        }
        return new StepPlan(plans, head, loss != null && "sparse".equals(lossKind(loss)),
                loss == null && "softmax".equals(lastName), training);
    }

    /** Whether this plan can take the batch (else the caller runs it eagerly); {@code ys} null: no targets. */
    boolean covers(List<INDArray> xs, List<INDArray> ys, INDArray sampleWeights) {
        if (xs == null || xs.size() != 1 || (ys != null && ys.size() != 1)) {
            return false;
        }
        INDArray x = xs.get(0);
        if (!rowMajor(x, layers.get(0).in)) {
            return false;
        }
        long rows = x.size(0);
        if (sampleWeights != null && (sampleWeights.length() != rows || !sampleWeights.dataType().isFPType())) {
            return false;
        }
        if (ys == null) {
            return true;
        }
        INDArray y = ys.get(0);
        if (sparse) {
            return y.length() == rows && y.size(0) == rows && (y.rank() == 1 || (y.rank() == 2 && y.size(1) == 1));
        }
        return rowMajor(y, targetColumns()) && y.size(0) == rows;
    }

    /**
     * A floating-point [rows, cols] array whose rows lie one after another in memory (other than
     * float32 it is cast first, as the eager step casts inputs to floatx).
     */
    private static boolean rowMajor(INDArray a, int cols) {
        return a.dataType().isFPType() && a.rank() == 2 && a.size(1) == cols && a.ordering() == 'c'
                && (a.size(1) == 1 || a.stride(1) == 1) && (a.size(0) == 1 || a.stride(0) == cols)
                && a.size(0) <= Integer.MAX_VALUE;
    }

    private void ensureCapacity(int rows) {
        BATCHES.increment();
        if (rows <= capacity) {
            return;
        }
        for (DensePlan p : layers) {
            p.allocate(rows, training);
        }
        if (sparse) {
            oneHot = Nd4j.createUninitializedDetached(DataType.FLOAT, (long) rows * last().units);
            oneHotBuf = HostBlas.floatRegion(oneHot, 0, (long) rows * last().units);
        }
        capacity = rows;
    }

    private DensePlan last() {
        return layers.get(layers.size() - 1);
    }

    private void forward(INDArray x, int rows, FloatPointer lastTarget, FloatBuffer lastTargetBuf, Random dropout) {
        FloatPointer input = HostBlas.floatsAt(x, 0);
        for (int i = 0; i < layers.size(); i++) {
            DensePlan p = layers.get(i);
            boolean last = i == layers.size() - 1;
            FloatPointer target = last && lastTarget != null ? lastTarget : p.outPtr();
            FloatBuffer targetBuf = last && lastTarget != null ? lastTargetBuf : p.outBuffer();
            p.forward(input, rows, target, targetBuf, dropout);
            input = p.nextInput();
        }
    }

    /**
     * One training step's forward, loss and backward on a batch this plan {@link #covers}; leaves
     * every variable's gradient in its planned array. {@code dropout} is the step's random source
     * (the one an eager step would give its Dropout layers). Returns the batch's mean loss (as the
     * eager step's float32 scalar) and the model's output for the metrics.
     */
    Result train(INDArray x, INDArray y, INDArray sampleWeights, Random dropout) {
        x = floatx(x);
        y = sparse ? y : floatx(y);
        int rows = Math.toIntExact(x.size(0));
        ensureCapacity(rows);
        forward(x, rows, null, null, dropout);
        DensePlan last = last();
        double sum = loss(y, sampleWeights, rows, last.gradBuffer());
        if (head == Head.MEAN_SQUARED) {
            DenseKernels.activationBackward(last.gradBuffer(), last.outBuffer(), rows, last.units, last.act);
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            DensePlan p = layers.get(i);
            FloatPointer input = i == 0 ? HostBlas.floatsAt(x, 0) : layers.get(i - 1).nextInput();
            p.backward(input, rows, i == 0 ? null : layers.get(i - 1));
            p.publishGradients();
        }
        return new Result((float) (sum / rows), outputView(last, rows));
    }

    /** Forward and loss only (evaluation). */
    Result evaluate(INDArray x, INDArray y, INDArray sampleWeights) {
        x = floatx(x);
        y = sparse ? y : floatx(y);
        int rows = Math.toIntExact(x.size(0));
        ensureCapacity(rows);
        forward(x, rows, null, null, null);
        double sum = loss(y, sampleWeights, rows, null);
        return new Result((float) (sum / rows), outputView(last(), rows));
    }

    /** The head's weighted per-sample losses added up; the gradient into {@code grad} when non-null. */
    private double loss(INDArray y, INDArray sampleWeights, int rows, FloatBuffer grad) {
        DensePlan last = last();
        FloatBuffer out = last.outBuffer();
        FloatBuffer targets = sparse ? oneHot(y, rows) : HostBlas.floatRegion(y, 0, y.length());
        float[] w = sampleWeights == null ? null
                : sampleWeights.castTo(DataType.FLOAT).reshape(rows).toFloatVector();
        // Keras's SUM_OVER_BATCH_SIZE: d(mean)/d(per-sample loss) is 1/rows, a float32 scalar eagerly.
        double scale = (float) (1.0 / rows);
        int units = last.units;
        return switch (head) {
            case SOFTMAX_CROSSENTROPY -> DenseKernels.softmaxCrossentropy(out, targets, rows, units, grad, scale, w, true);
            case LOGITS_CROSSENTROPY -> DenseKernels.softmaxCrossentropy(out, targets, rows, units, grad, scale, w, false);
            case SIGMOID_BINARY -> DenseKernels.sigmoidCrossentropy(out, targets, rows, units, grad, scale, w, true);
            case LOGITS_BINARY -> DenseKernels.sigmoidCrossentropy(out, targets, rows, units, grad, scale, w, false);
            case MEAN_SQUARED -> DenseKernels.meanSquaredError(out, targets, rows, units, grad, scale, w);
        };
    }

    /** Class indices {@code y} as one-hot rows in the planned buffer (as the eager sparse loss's one-hot). */
    private FloatBuffer oneHot(INDArray y, int rows) {
        int classes = last().units;
        double[] labels = y.reshape(rows).toDoubleVector();
        float[] row = new float[classes];
        for (int r = 0; r < rows; r++) {
            double v = labels[r];
            if (v != Math.rint(v) || v < 0 || v >= classes) {
                throw new IllegalArgumentException("Label " + v + " at index " + r + " is not a class index in [0, "
                        + classes + "). Sparse targets must be integer class indices.");
            }
            Arrays.fill(row, 0f);
            row[(int) v] = 1f;
            oneHotBuf.put(r * classes, row, 0, classes);
        }
        return oneHotBuf;
    }

    /** {@code a} as float32 (a C-order copy when it has another type, as the eager step's cast). */
    private static INDArray floatx(INDArray a) {
        return a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT).dup('c');
    }

    /** The model's output for {@code x} written into rows {@code [row, row + x.rows)} of {@code result}. */
    void predictInto(INDArray x, INDArray result, long row) {
        x = floatx(x);
        int rows = Math.toIntExact(x.size(0));
        ensureCapacity(rows);
        DensePlan last = last();
        long off = row * last.units;
        FloatBuffer region = HostBlas.floatRegion(result, off, (long) rows * last.units);
        forward(x, rows, HostBlas.floatsAt(result, off), region, null);
        if (softmaxLast) {
            DenseKernels.softmax(region, rows, last.units);
        }
    }

    @Override
    public int inputColumns() {
        return layers.get(0).in;
    }

    @Override
    public int targetColumns() {
        return sparse ? 1 : last().units;
    }

    @Override
    public INDArray inputRows(int rows) {
        return gatherViews(rows)[0];
    }

    @Override
    public INDArray targetRows(int rows) {
        return gatherViews(rows)[1];
    }

    private INDArray[] gatherViews(int rows) {
        if (rows > gatherCapacity) {
            inputs = Nd4j.createUninitializedDetached(DataType.FLOAT, (long) rows * inputColumns());
            targets = Nd4j.createUninitializedDetached(DataType.FLOAT, (long) rows * targetColumns());
            gatherCapacity = rows;
            rowViews.clear();
        }
        return rowViews.computeIfAbsent(rows, r -> new INDArray[] {rowsOf(inputs, r, inputColumns()),
                rowsOf(targets, r, targetColumns())});
    }

    private static INDArray rowsOf(INDArray memory, int rows, int cols) {
        return Nd4j.create(memory.data(), new long[] {rows, cols}, new long[] {cols, 1}, 0, 'c');
    }

    /** A fresh C-order float32 array for the whole prediction. */
    INDArray predictionArray(long n) {
        return Nd4j.createUninitialized(DataType.FLOAT, n, last().units);
    }

    private static INDArray outputView(DensePlan last, int rows) {
        return Nd4j.create(last.outArray().data(), new long[] {rows, last.units}, new long[] {last.units, 1}, 0, 'c');
    }

    /** The variables a training plan writes gradients for, in the order of the model's trainable variables. */
    List<Variable> variables() {
        List<Variable> out = new ArrayList<>();
        for (DensePlan p : layers) {
            out.add(p.layer.kernel());
            if (p.layer.bias() != null) {
                out.add(p.layer.bias());
            }
        }
        return out;
    }

    /** One planned batch's mean loss and model output (a view of a planned buffer, valid until the next step). */
    record Result(double loss, INDArray output) {
    }
}
