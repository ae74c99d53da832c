package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Shapes;
import dev.athanor.core.Tensor;
import dev.athanor.core.Variable;
import dev.athanor.core.initializers.Ones;
import dev.athanor.core.initializers.Zeros;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras 3's {@code Normalization(axis=-1, mean=None, variance=None, invert=False)}
 * (keras/src/layers/preprocessing/normalization.py): {@code (x - mean) / max(sqrt(variance), 1e-7)},
 * or with {@code invert} {@code mean + x · max(sqrt(variance), 1e-7)}, with one mean and variance per
 * index of the kept {@code axis} (one int, several, or none: {@code axis(null)} normalizes by one
 * scalar mean and variance).
 *
 * <p>The statistics come either from the constructor ({@link #meanVariance}: numbers or arrays that
 * broadcast to the kept axes, aligned from the right as Keras does; no weights then) or from
 * {@link #adapt(INDArray)}: the layer then has Keras's three non-trainable weights {@code mean} and
 * {@code variance} (shape: the kept axes' sizes) and the int64 scalar {@code count} (which Keras 3
 * keeps only for older files and never updates; it stays 0 here too), so they are saved and loaded
 * with the model. {@code adapt} computes what Keras's does: the mean and the population variance
 * over every other axis; given batches, Keras's running combination (the lack-of-fit sum of
 * squares) of per-batch means and variances.
 *
 * <p>The input's Keras mask passes on. The output is differentiable in the input (the statistics
 * are constants).
 */
public class Normalization extends SingleInputLayer {

    /** Keras's {@code backend.epsilon()}: the floor of the standard deviation. */
    static final double EPSILON = 1e-7;

    private int[] axis = {-1};
    private INDArray inputMean;
    private INDArray inputVariance;
    private boolean invert;

    private long[] builtShape;
    private int[] keepAxes;
    private int[] reduceAxes;
    private long[] broadcastShape;
    private Variable adaptMean;
    private Variable adaptVariance;
    private Variable count;
    /** The given statistics broadcast to {@link #broadcastShape} (constructor case only). */
    private INDArray fixedMean;
    private INDArray fixedStd;

    /** {@code axis=-1}: one mean and variance per feature of the last axis; call {@link #adapt} before use. */
    public Normalization() {
    }

    /** Keras's {@code axis}: the axes kept (negative from the end); none ({@code axis()}) for one scalar. */
    public Normalization axis(int... axes) {
        requireUnbuilt();
        this.axis = axes.clone();
        return this;
    }

    /**
     * Keras's {@code mean} and {@code variance}, given together (same shape, rank at most the number of
     * kept axes; a scalar applies to every index). With them the layer has no weights and needs no
     * {@code adapt}.
     */
    public Normalization meanVariance(INDArray mean, INDArray variance) {
        requireUnbuilt();
        if (mean == null || variance == null) {
            throw new IllegalArgumentException("When setting values directly, both `mean` and `variance` must be set."
                    + " Received: mean=" + mean + " and variance=" + variance);
        }
        if (!Arrays.equals(mean.shape(), variance.shape())) {
            throw new IllegalArgumentException("When setting values directly, `mean` and `variance` must have the same"
                    + " shape. Received: mean shape " + Arrays.toString(mean.shape()) + " and variance shape "
                    + Arrays.toString(variance.shape()));
        }
        if (mean.rank() > axis.length) {
            throw new IllegalArgumentException("The rank of `mean` must be less than or equal to the number of axes ("
                    + axis.length + "). Received: mean shape " + Arrays.toString(mean.shape()) + " for axis "
                    + Arrays.toString(axis));
        }
        this.inputMean = mean.castTo(DataType.DOUBLE).dup();
        this.inputVariance = variance.castTo(DataType.DOUBLE).dup();
        return this;
    }

    /** Scalar {@code mean} and {@code variance}. */
    public Normalization meanVariance(double mean, double variance) {
        return meanVariance(Nd4j.scalar(mean), Nd4j.scalar(variance));
    }

    /** Keras's {@code invert}: turn normalized values back ({@code mean + x · std}). */
    public Normalization invert(boolean value) {
        this.invert = value;
        return this;
    }

    private void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException("Layer '" + name() + "' is already built; configure it before use.");
        }
    }

    /** The adapted mean weight (shape: the kept axes), or null when the statistics were given or before build. */
    public Variable mean() {
        return adaptMean;
    }

    /** The adapted variance weight, or null when the statistics were given or before build. */
    public Variable variance() {
        return adaptVariance;
    }

    // ------------------------------------------------------------------ build

    @Override
    protected void checkInputShape(long[] s) {
        int ndim = s.length;
        for (int a : axis) {
            if (a < -ndim || a >= ndim) {
                throw new LayerShapeException("Layer '" + name() + "' (Normalization): all `axis` values must be in"
                        + " the range [-ndim, ndim). Received an input of shape " + Shapes.describe(s) + " (ndim="
                        + ndim + ") while axis=" + Arrays.toString(axis) + ".");
            }
        }
        if (builtShape == null) {
            return;
        }
        boolean ok = ndim == builtShape.length;
        for (int d = 0; ok && d < keepAxes.length; d++) {
            ok = s[keepAxes[d]] == builtShape[keepAxes[d]];
        }
        if (!ok) {
            throw new LayerShapeException(name(), builtShape, s, "Normalization keeps axes "
                    + Arrays.toString(keepAxes) + " and was built for their sizes.");
        }
    }

    @Override
    protected void build(long[] inputShape) {
        int ndim = inputShape.length;
        keepAxes = Arrays.stream(axis).map(a -> a < 0 ? a + ndim : a).distinct().sorted().toArray();
        for (int d : keepAxes) {
            if (inputShape[d] < 0) {
                throw new LayerShapeException("Layer '" + name() + "' (Normalization): all `axis` values to be kept"
                        + " must have a known size. Received axis=" + Arrays.toString(axis) + ", input shape "
                        + Shapes.describe(inputShape) + ", with an unknown size at axis " + d
                        + (d == 0 ? " (the batch axis)" : "") + ".");
            }
        }
        List<Integer> reduce = new ArrayList<>();
        broadcastShape = new long[ndim];
        long[] statShape = new long[keepAxes.length];
        for (int d = 0, k = 0; d < ndim; d++) {
            if (k < keepAxes.length && keepAxes[k] == d) {
                broadcastShape[d] = inputShape[d];
                statShape[k++] = inputShape[d];
            } else {
                broadcastShape[d] = 1;
                reduce.add(d);
            }
        }
        reduceAxes = reduce.stream().mapToInt(Integer::intValue).toArray();
        builtShape = inputShape.clone();
        if (inputMean == null) {
            adaptMean = addWeight("mean", statShape, new Zeros(), null, null, false);
            adaptVariance = addWeight("variance", statShape, new Ones(), null, null, false);
            count = addWeight("count", new long[0], new Zeros(), null, null, false, DataType.LONG);
        } else {
            fixedMean = broadcastGiven(inputMean, inputShape);
            fixedStd = std(broadcastGiven(inputVariance, inputShape));
        }
    }

    /** Keras's build: a scalar broadcasts everywhere; otherwise the value's axes align with the kept ones from the right. */
    private INDArray broadcastGiven(INDArray v, long[] inputShape) {
        DataType dt = Nd4j.defaultFloatingPointType();
        if (v.rank() == 0) {
            return Nd4j.valueArrayOf(broadcastShape, v.getDouble(0)).castTo(dt);
        }
        long[] expanded = new long[broadcastShape.length];
        Arrays.fill(expanded, 1);
        for (int i = 1; i <= v.rank(); i++) {
            expanded[keepAxes[keepAxes.length - i]] = v.size(v.rank() - i);
        }
        for (int d = 0; d < expanded.length; d++) {
            if (expanded[d] != 1 && expanded[d] != broadcastShape[d]) {
                throw new LayerShapeException("Layer '" + name() + "' (Normalization): `mean`/`variance` of shape "
                        + Arrays.toString(v.shape()) + " do not broadcast to the kept axes " + Arrays.toString(keepAxes)
                        + " of the input shape " + Shapes.describe(inputShape) + " (sizes "
                        + Shapes.describe(broadcastShape) + "; axes aligned from the right).");
            }
        }
        return v.reshape(expanded).broadcast(broadcastShape).castTo(dt).dup();
    }

    private static INDArray std(INDArray variance) {
        return Transforms.max(Transforms.sqrt(variance, true), EPSILON, false);
    }

    // ------------------------------------------------------------------ adapt

    /**
     * Keras's {@code adapt(data)} for one array holding the whole data set: the mean and the population
     * variance over every axis that is not kept, stored in the {@code mean} and {@code variance} weights.
     * Builds the layer from the data's shape if needed; refused when the statistics were given.
     */
    public Normalization adapt(INDArray data) {
        prepareAdapt(data.shape());
        INDArray x = data.castTo(DataType.DOUBLE);
        INDArray mean = reduceAxes.length == 0 ? x.dup() : x.mean(reduceAxes);
        INDArray var = reduceAxes.length == 0 ? Nd4j.zerosLike(x) : x.var(false, reduceAxes);
        return store(mean, var);
    }

    /**
     * Keras's {@code adapt} over an iterable of batches (each {@code [batch, ...]}): per-batch means and
     * population variances combined as Keras does, {@code w = n_b / n_total},
     * {@code mean' = mean·(1-w) + mean_b·w},
     * {@code var' = (var + (mean - mean')²)·(1-w) + (var_b + (mean_b - mean')²)·w}.
     */
    public Normalization adapt(Iterable<INDArray> batches) {
        Iterator<INDArray> it = batches.iterator();
        if (!it.hasNext()) {
            throw new IllegalArgumentException("adapt() of layer '" + name() + "' received no batches. Pass at least"
                    + " one array of shape [batch, ...].");
        }
        INDArray first = it.next();
        prepareAdapt(first.shape());
        INDArray totalMean = null;
        INDArray totalVar = null;
        long totalCount = 0;
        for (INDArray batch = first; batch != null; batch = it.hasNext() ? it.next() : null) {
            checkAdaptShape(batch.shape());
            INDArray x = batch.castTo(DataType.DOUBLE);
            INDArray bMean = reduceAxes.length == 0 ? x.dup() : x.mean(reduceAxes);
            INDArray bVar = reduceAxes.length == 0 ? Nd4j.zerosLike(x) : x.var(false, reduceAxes);
            long bCount = 1;
            for (int d : reduceAxes) {
                bCount *= batch.size(d);
            }
            totalCount += bCount;
            double w = (double) bCount / totalCount;
            if (totalMean == null) {
                totalMean = Nd4j.zerosLike(bMean);
                totalVar = Nd4j.zerosLike(bVar);
            }
            INDArray newMean = totalMean.mul(1 - w).addi(bMean.mul(w));
            INDArray a = totalMean.sub(newMean);
            INDArray b = bMean.sub(newMean);
            totalVar = totalVar.add(a.muli(a)).muli(1 - w).addi(bVar.add(b.muli(b)).muli(w));
            totalMean = newMean;
        }
        return store(totalMean, totalVar);
    }

    private void prepareAdapt(long[] dataShape) {
        if (inputMean != null) {
            throw new IllegalStateException("Layer '" + name() + "' (Normalization) was given `mean` and `variance`;"
                    + " adapt() would have no weights to store its statistics in. Create the layer without them to"
                    + " adapt it.");
        }
        long[] s = dataShape.clone();
        if (s.length > 0) {
            s[0] = -1;
        }
        if (!isBuilt()) {
            for (int a : axis) {
                if ((a == 0 || a == -s.length) && s.length > 0) {
                    s[0] = dataShape[0];
                }
            }
            ensureBuilt(List.of(s));
        }
        checkAdaptShape(dataShape);
    }

    private void checkAdaptShape(long[] dataShape) {
        boolean ok = dataShape.length == builtShape.length;
        for (int d = 0; ok && d < keepAxes.length; d++) {
            ok = dataShape[keepAxes[d]] == builtShape[keepAxes[d]];
        }
        if (!ok) {
            throw new LayerShapeException("Layer '" + name() + "' (Normalization) was built with input shape "
                    + Shapes.describe(builtShape) + ", but adapt() is being called with data of an incompatible shape "
                    + Arrays.toString(dataShape) + " (the kept axes " + Arrays.toString(keepAxes) + " must match).");
        }
    }

    private Normalization store(INDArray mean, INDArray var) {
        put(adaptMean, mean);
        put(adaptVariance, var);
        return this;
    }

    private static void put(Variable v, INDArray value) {
        INDArray target = v.value();
        if (target.rank() == 0) {
            target.assign(value.getDouble(0));
        } else {
            v.assign(value.reshape(target.shape()).castTo(target.dataType()));
        }
    }

    // ------------------------------------------------------------------ call

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        DataType dt = input.value().dataType();
        INDArray mean;
        INDArray sd;
        if (fixedMean != null) {
            mean = fixedMean;
            sd = fixedStd;
        } else {
            // read on every call: adapt() or a loaded file may have changed the weights since the last one
            mean = broadcastable(adaptMean.value());
            sd = broadcastable(std(adaptVariance.value()));
        }
        Tensor m = Tensor.of(mean.dataType() == dt ? mean : mean.castTo(dt));
        Tensor s = Tensor.of(sd.dataType() == dt ? sd : sd.castTo(dt));
        return invert ? input.mul(s).add(m) : input.sub(m).div(s);
    }

    /** A statistic of the kept axes' shape as {@link #broadcastShape} (size 1 on the reduced axes). */
    private INDArray broadcastable(INDArray stat) {
        return stat.rank() == 0 ? Nd4j.valueArrayOf(broadcastShape, stat.getDouble(0)).castTo(stat.dataType())
                : stat.reshape(broadcastShape);
    }

    // ------------------------------------------------------------------ config

    @Override
    protected void writeConfig(Map<String, Object> c) {
        List<Integer> axes = new ArrayList<>();
        for (int a : axis) {
            axes.add(a);
        }
        c.put("axis", axes);
        c.put("invert", invert);
        c.put("mean", inputMean == null ? null : toNested(inputMean));
        c.put("variance", inputVariance == null ? null : toNested(inputVariance));
    }

    @Override
    protected void readConfig(Config c) {
        Object a = c.get("axis");
        if (!c.has("axis")) {
            axis = new int[] {-1};
        } else if (a == null) {
            axis = new int[0];
        } else if (a instanceof Number n) {
            axis = new int[] {n.intValue()};
        } else if (a instanceof List<?> l && l.stream().allMatch(o -> o instanceof Number)) {
            axis = l.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        } else {
            throw new IllegalArgumentException("Normalization `axis` must be an integer, a list of integers or null."
                    + " Received: axis=" + a);
        }
        invert = c.getBoolean("invert", false);
        Object m = c.get("mean");
        Object v = c.get("variance");
        if ((m == null) != (v == null)) {
            throw new IllegalArgumentException("When setting values directly, both `mean` and `variance` must be set."
                    + " Received: mean=" + m + " and variance=" + v);
        }
        if (m != null) {
            meanVariance(fromNested(m, "mean"), fromNested(v, "variance"));
        }
    }

    /** numpy's {@code tolist()}: a number for a scalar, nested lists otherwise. */
    private static Object toNested(INDArray a) {
        if (a.rank() == 0) {
            return a.getDouble(0);
        }
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < a.size(0); i++) {
            out.add(a.rank() == 1 ? (Object) a.getDouble(i) : toNested(a.slice(i)));
        }
        return out;
    }

    private static INDArray fromNested(Object o, String key) {
        if (o instanceof Number n) {
            return Nd4j.scalar(n.doubleValue());
        }
        List<Long> shape = new ArrayList<>();
        Object probe = o;
        while (probe instanceof List<?> l) {
            shape.add((long) l.size());
            probe = l.isEmpty() ? null : l.get(0);
        }
        List<Double> flat = new ArrayList<>();
        flatten(o, 0, shape, flat, key);
        double[] values = flat.stream().mapToDouble(Double::doubleValue).toArray();
        return Nd4j.create(values, shape.stream().mapToLong(Long::longValue).toArray(), 'c');
    }

    private static void flatten(Object o, int depth, List<Long> shape, List<Double> out, String key) {
        if (depth == shape.size()) {
            if (!(o instanceof Number n)) {
                throw new IllegalArgumentException("Normalization `" + key + "` must be a number or (nested) lists of"
                        + " numbers of a regular shape. Received an entry " + o);
            }
            out.add(n.doubleValue());
            return;
        }
        if (!(o instanceof List<?> l) || l.size() != shape.get(depth)) {
            throw new IllegalArgumentException("Normalization `" + key + "` must be nested lists of a regular shape "
                    + shape + ". Received an entry " + o);
        }
        for (Object e : l) {
            flatten(e, depth + 1, shape, out, key);
        }
    }
}
