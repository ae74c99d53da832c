package dev.athanor.core.training;

import dev.athanor.core.Internal;
import dev.athanor.core.Loss;
import dev.athanor.core.Model;
import dev.athanor.core.Sequential;
import dev.athanor.core.Variable;
import dev.athanor.core.activations.Activation;
import dev.athanor.core.activations.NamedActivation;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.ops.DenseKernels;
import dev.athanor.core.ops.HostBlas;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
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
 * activation are fused into one pass: no {@code INDArray} is allocated per step.
 *
 * <p>What it covers today: a {@link Sequential} of {@link Dense} layers (float32, rank-2 input,
 * ReLU or linear activations, softmax or linear last, no regularizers, all trainable) trained with
 * {@code categorical_crossentropy} (probabilities from the softmax, or {@code from_logits} on a
 * linear last layer; no label smoothing), without sample weights; prediction of any such chain.
 * Anything else runs eagerly with the same numbers; {@link #explain} says why. The system
 * property {@value #PROPERTY}{@code =false} or {@code CompileOptions.jitCompile(false)} turns it off.
 *
 * <p>Results agree with the eager step to float rounding: the same products (OpenBLAS sgemm), the
 * same float bias add and ReLU, and the eager crossentropy's double formula.
 */
@Internal
public final class StepPlan {

    /** System property that turns compiled steps off when {@code false}. */
    public static final String PROPERTY = "athanor.compiled";

    /** Batches run by any plan in this process (tests check that a step was planned, not eager). */
    private static final java.util.concurrent.atomic.LongAdder BATCHES = new java.util.concurrent.atomic.LongAdder();

    private final List<DensePlan> layers;
    /** Whether the last layer's output is softmax of its pre-activation (else the pre-activation itself). */
    private final boolean softmaxOutput;
    private final boolean training;
    private int capacity;

    private StepPlan(List<DensePlan> layers, boolean softmaxOutput, boolean training) {
        this.layers = layers;
        this.softmaxOutput = softmaxOutput;
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
            return "only a Sequential of Dense layers is planned; this model is a " + model.getClass().getSimpleName();
        }
        List<Layer> stack = model.layers();
        if (stack.isEmpty()) {
            return "the model has no layers";
        }
        for (int i = 0; i < stack.size(); i++) {
            Layer l = stack.get(i);
            String why = denseReason(l, i == stack.size() - 1);
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
        String lossWhy = lossReason(c.losses.get(0), lastActivation(stack));
        if (lossWhy != null) {
            return lossWhy;
        }
        return null;
    }

    private static String denseReason(Layer l, boolean last) {
        if (l.getClass() != Dense.class) {
            return "is a " + l.getClass().getSimpleName() + " (only Dense is planned so far)";
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
        if (act == null || !(act.equals("relu") || act.equals("linear") || (last && act.equals("softmax")))) {
            return "has activation " + (act == null ? "(a custom function)" : "'" + act + "'")
                    + "; planned: relu, linear, softmax on the last layer";
        }
        return null;
    }

    private static String lossReason(Loss loss, String lastActivation) {
        if (!loss.getClass().getName().equals("dev.athanor.losses.CategoricalCrossentropy")) {
            return "the loss " + (loss.registryName() == null ? "is a custom function" : "'" + loss.registryName() + "'")
                    + " (planned: categorical_crossentropy)";
        }
        Object logits = loss.config().get("from_logits");
        Object smoothing = loss.config().get("label_smoothing");
        if (smoothing instanceof Number n && n.doubleValue() != 0.0) {
            return "the loss has label smoothing";
        }
        boolean fromLogits = Boolean.TRUE.equals(logits);
        if (fromLogits ? !lastActivation.equals("linear") : !lastActivation.equals("softmax")) {
            return "categorical_crossentropy(from_logits=" + fromLogits + ") follows a '" + lastActivation
                    + "' output (planned: softmax with probabilities, linear with from_logits)";
        }
        return null;
    }

    private static String activationName(Activation a) {
        return a instanceof NamedActivation n ? n.name() : null;
    }

    private static String lastActivation(List<Layer> stack) {
        return activationName(((Dense) stack.get(stack.size() - 1)).activation());
    }

    /** The training plan for {@code model}, or null when {@link #explain} gives a reason. */
    static StepPlan forTraining(Model model, Compiled c) {
        return explain(model, c) == null ? create(model, true) : null;
    }

    /** The prediction plan for {@code model}, or null when {@link #explain} gives a reason. */
    static StepPlan forPrediction(Model model) {
        return explain(model, null) == null ? create(model, false) : null;
    }

    /** The evaluation plan: prediction's forward plus the loss, or null. */
    static StepPlan forEvaluation(Model model, Compiled c) {
        return explain(model, c) == null ? create(model, false) : null;
    }

    private static StepPlan create(Model model, boolean training) {
        List<Layer> stack = model.layers();
        List<DensePlan> plans = new ArrayList<>();
        for (Layer l : stack) {
            Dense d = (Dense) l;
            plans.add(new DensePlan(d, "relu".equals(activationName(d.activation()))));
        }
        return new StepPlan(plans, "softmax".equals(lastActivation(stack)), training);
    }

    /** Whether this plan can take the batch (else the caller runs it eagerly); {@code ys} null: no targets. */
    boolean covers(List<INDArray> xs, List<INDArray> ys, INDArray sampleWeights) {
        if (xs == null || xs.size() != 1 || (ys != null && ys.size() != 1)) {
            return false;
        }
        return covers(xs.get(0), ys == null ? null : ys.get(0), sampleWeights);
    }

    private boolean covers(INDArray x, INDArray y, INDArray sampleWeights) {
        if (sampleWeights != null || !rowMajor(x, layers.get(0).in)) {
            return false;
        }
        int units = layers.get(layers.size() - 1).units;
        return y == null || (rowMajor(y, units) && y.size(0) == x.size(0));
    }

    /** A float32 [rows, cols] array whose rows lie one after another in memory. */
    private static boolean rowMajor(INDArray a, int cols) {
        return a.dataType() == DataType.FLOAT && a.rank() == 2 && a.size(1) == cols && a.ordering() == 'c'
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
        capacity = rows;
    }

    private FloatPointer forward(INDArray x, int rows, FloatPointer lastTarget, FloatBuffer lastTargetBuf) {
        FloatPointer input = HostBlas.floatsAt(x, 0);
        for (int i = 0; i < layers.size(); i++) {
            DensePlan p = layers.get(i);
            boolean last = i == layers.size() - 1;
            FloatPointer target = last && lastTarget != null ? lastTarget : p.outPtr();
            FloatBuffer targetBuf = last && lastTarget != null ? lastTargetBuf : p.outBuffer();
            p.forward(input, rows, target, targetBuf);
            input = target;
        }
        return input;
    }

    /**
     * One training step's forward, loss and backward on a batch this plan {@link #covers}; leaves
     * every variable's gradient in its planned array. Returns the batch's mean loss (as the eager
     * step's float32 scalar) and the model's output for the metrics.
     */
    Result train(INDArray x, INDArray y) {
        int rows = Math.toIntExact(x.size(0));
        ensureCapacity(rows);
        forward(x, rows, null, null);
        DensePlan last = layers.get(layers.size() - 1);
        // Keras's SUM_OVER_BATCH_SIZE: d(mean)/d(per-sample loss) is 1/rows, a float32 scalar eagerly.
        double scale = (float) (1.0 / rows);
        double sum = DenseKernels.softmaxCrossentropy(last.outBuffer(), HostBlas.floatRegion(y, 0, y.length()), rows,
                last.units, last.gradBuffer(), scale, softmaxOutput);
        for (int i = layers.size() - 1; i >= 0; i--) {
            DensePlan p = layers.get(i);
            FloatPointer input = i == 0 ? HostBlas.floatsAt(x, 0) : layers.get(i - 1).outPtr();
            p.backward(input, rows, i == 0 ? null : layers.get(i - 1));
            p.publishGradients();
        }
        return new Result((float) (sum / rows), outputView(last, rows));
    }

    /** Forward and loss only (evaluation). */
    Result evaluate(INDArray x, INDArray y) {
        int rows = Math.toIntExact(x.size(0));
        ensureCapacity(rows);
        forward(x, rows, null, null);
        DensePlan last = layers.get(layers.size() - 1);
        double sum = DenseKernels.softmaxCrossentropy(last.outBuffer(), HostBlas.floatRegion(y, 0, y.length()), rows,
                last.units, null, 0, softmaxOutput);
        return new Result((float) (sum / rows), outputView(last, rows));
    }

    /** The model's output for {@code x} written into rows {@code [row, row + x.rows)} of {@code result}. */
    void predictInto(INDArray x, INDArray result, long row) {
        int rows = Math.toIntExact(x.size(0));
        ensureCapacity(rows);
        DensePlan last = layers.get(layers.size() - 1);
        long off = row * last.units;
        FloatBuffer region = HostBlas.floatRegion(result, off, (long) rows * last.units);
        forward(x, rows, HostBlas.floatsAt(result, off), region);
        if (softmaxOutput) {
            DenseKernels.softmax(region, rows, last.units);
        }
    }

    /** A fresh C-order float32 array for the whole prediction. */
    INDArray predictionArray(long n) {
        return Nd4j.createUninitialized(DataType.FLOAT, n, layers.get(layers.size() - 1).units);
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
