package dev.athanor.optimizers;

import dev.athanor.core.Config;
import dev.athanor.core.LearningRateSchedule;
import dev.athanor.core.Optimizer;
import dev.athanor.core.Variable;
import dev.athanor.core.registry.Registries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * What every optimizer shares, as tf.keras 2.6's {@code OptimizerV2} has it
 * ({@code keras/optimizer_v2/optimizer_v2.py}):
 *
 * <ul>
 *   <li><b>learning rate</b>, a number or a {@link LearningRateSchedule} evaluated at
 *       {@code iterations} (the count before the step being taken);</li>
 *   <li><b>decay</b> (legacy inverse-time decay): {@code lr_t = lr / (1 + decay * iterations)};</li>
 *   <li><b>gradient clipping</b>, applied in Keras's order ({@code _transform_gradients}):
 *       {@code clipvalue} (element-wise to [-v, v]), then {@code clipnorm} (each tensor separately:
 *       {@code g * c / max(||g||, c)}), then {@code global_clipnorm} (all tensors by one factor
 *       {@code c / max(sqrt(sum ||g_i||^2), c)}). {@code clipnorm} and {@code global_clipnorm}
 *       exclude each other. The variables' own gradients are never modified: clipped copies live
 *       in per-variable buffers allocated once;</li>
 *   <li><b>state</b>: {@code iterations} and the slots, exported by {@link #weights()} in Keras's
 *       order: {@code <name>/iter:0}, any optimizer-wide weights (Nadam's
 *       {@code momentum_cache}), then one block per slot kind holding that slot for every variable
 *       ({@code Adam/dense/kernel/m:0, Adam/dense/bias/m:0, Adam/dense/kernel/v:0, ...}), because
 *       Keras's {@code _create_slots} loops over the variables once per slot kind. Variables that
 *       first receive a gradient later append their slots at the end, as in Keras.</li>
 * </ul>
 *
 * <p>Updates are in place on {@link Variable#value()}; a variable whose gradient is null is left
 * alone (Keras's {@code filter_empty_gradients}); constraints are applied by the model after
 * {@link #apply}. Gradients are dense arrays, so a "sparse" gradient (an embedding's rows that were not
 * looked up are zero) follows the dense update rule, which is what Keras does for a dense tensor.
 *
 * @param <T> the concrete optimizer, so that the fluent setters return it
 */
public abstract class BaseOptimizer<T extends BaseOptimizer<T>> implements Optimizer {

    /** One variable's slots (in {@link #slotNames()} order) and its lazily made scratch buffers. */
    protected static final class Slots {
        private final INDArray[] slot;
        private final INDArray like;
        private INDArray scratch;
        private INDArray scratch2;
        private INDArray clipped;

        Slots(INDArray[] slot, INDArray like) {
            this.slot = slot;
            this.like = like;
        }

        /** Slot {@code k} (index into {@link #slotNames()}). */
        public INDArray get(int k) {
            return slot[k];
        }

        /** A buffer shaped like the variable, reused across steps. */
        public INDArray scratch() {
            if (scratch == null) {
                scratch = like.ulike();
            }
            return scratch;
        }

        /** A second buffer shaped like the variable, reused across steps. */
        public INDArray scratch2() {
            if (scratch2 == null) {
                scratch2 = like.ulike();
            }
            return scratch2;
        }

        INDArray clipped() {
            if (clipped == null) {
                clipped = like.ulike();
            }
            return clipped;
        }
    }

    private final String className;
    private String name;
    private double learningRate;
    private LearningRateSchedule schedule;
    private double decay;
    private Double clipnorm;
    private Double clipvalue;
    private Double globalClipnorm;

    private long iterations;
    private Variable iterVariable;
    private final List<Variable> weights = new ArrayList<>();
    private final Map<Variable, Slots> slots = new IdentityHashMap<>();

    /**
     * @param className Keras's class name: the registry name, the default {@code name} and the
     *     prefix of slot names
     * @param defaultLearningRate Keras's default learning rate
     */
    protected BaseOptimizer(String className, double defaultLearningRate) {
        this.className = className;
        this.name = className;
        this.learningRate = defaultLearningRate;
    }

    @SuppressWarnings("unchecked")
    protected final T self() {
        return (T) this;
    }

    // ------------------------------------------------------------------ what subclasses define

    /** Per-variable slot kinds in Keras's creation order, e.g. {@code ["m", "v"]}. */
    protected abstract List<String> slotNames();

    /** Initial value of a slot kind (Adagrad's accumulator starts at 0.1). */
    protected double slotInitialValue(String slot) {
        return 0.0;
    }

    /** Optimizer-wide weights created once, after {@code iter} and before the slots. */
    protected List<Variable> createGlobalWeights(DataType dtype) {
        return List.of();
    }

    /** Called once per step before the per-variable updates. */
    protected void beginStep(double lr, long localStep) {
    }

    /**
     * Updates one variable in place.
     *
     * @param var the live value
     * @param grad the (clipped) gradient; must not be modified
     * @param s the variable's slots
     * @param lr this step's learning rate (schedule and legacy decay applied)
     * @param localStep {@code iterations + 1}, Keras's {@code local_step}
     */
    protected abstract void update(INDArray var, INDArray grad, Slots s, double lr, long localStep);

    /** Subclass config entries (after name, learning_rate, decay). */
    protected abstract void writeConfig(Map<String, Object> config);

    /** Reads the subclass's config keys. */
    protected abstract void readConfig(Config config);

    /** Whether the legacy {@code decay} divides the learning rate (Nadam uses it otherwise). */
    protected boolean decayAppliesToLearningRate() {
        return true;
    }

    /** Legacy config key names that mean {@code decay} (Nadam: {@code schedule_decay}). */
    protected String[] legacyDecayNames() {
        return new String[0];
    }

    /** Keras's default for {@code decay}. */
    protected double defaultDecay() {
        return 0.0;
    }

    // ------------------------------------------------------------------ fluent setters

    /** Name used as the prefix of slot names (Keras's {@code name}); defaults to the class name. */
    public T name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("`name` must be a non-empty string. Received: name=" + name);
        }
        if (!weights.isEmpty() && !name.equals(this.name)) {
            throw new IllegalStateException("Cannot rename optimizer '" + this.name + "' after its slots were created.");
        }
        this.name = name;
        return self();
    }

    /** The name used in slot names. */
    public String name() {
        return name;
    }

    /** A constant learning rate (>= 0). */
    public T learningRate(double learningRate) {
        this.learningRate = Checks.nonNegative("learning_rate", learningRate);
        this.schedule = null;
        return self();
    }

    /** A learning-rate schedule evaluated at {@code iterations}. */
    public T learningRate(LearningRateSchedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException("`learning_rate` must be a number or a schedule. Received: learning_rate=null");
        }
        this.schedule = schedule;
        return self();
    }

    /** Keras's legacy inverse-time decay (>= 0). */
    public T decay(double decay) {
        this.decay = Checks.nonNegative("decay", decay);
        return self();
    }

    /** Clips each gradient tensor to this L2 norm; null disables. */
    public T clipnorm(Double clipnorm) {
        Checks.nonNegativeOrNull("clipnorm", clipnorm);
        if (clipnorm != null && globalClipnorm != null) {
            throw new IllegalArgumentException("Cannot set both `clipnorm` and `global_clipnorm`. Received: clipnorm="
                    + clipnorm + ", global_clipnorm=" + globalClipnorm);
        }
        this.clipnorm = clipnorm;
        return self();
    }

    /** Clips each gradient element to [-clipvalue, clipvalue]; null disables. */
    public T clipvalue(Double clipvalue) {
        this.clipvalue = Checks.nonNegativeOrNull("clipvalue", clipvalue);
        return self();
    }

    /** Clips all gradients together to this global L2 norm; null disables. */
    public T globalClipnorm(Double globalClipnorm) {
        Checks.nonNegativeOrNull("global_clipnorm", globalClipnorm);
        if (globalClipnorm != null && clipnorm != null) {
            throw new IllegalArgumentException("Cannot set both `clipnorm` and `global_clipnorm`. Received: clipnorm="
                    + clipnorm + ", global_clipnorm=" + globalClipnorm);
        }
        this.globalClipnorm = globalClipnorm;
        return self();
    }

    /** The legacy decay. */
    public double decay() {
        return decay;
    }

    /** The clipnorm or null. */
    public Double clipnorm() {
        return clipnorm;
    }

    /** The clipvalue or null. */
    public Double clipvalue() {
        return clipvalue;
    }

    /** The global clipnorm or null. */
    public Double globalClipnorm() {
        return globalClipnorm;
    }

    /** The schedule, or null when the learning rate is a constant. */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /** Whether slots exist (after the first step or {@link #setWeights}). */
    protected final boolean isBuilt() {
        return !weights.isEmpty();
    }

    /** Fails when an option that changes the slot layout is changed after the slots exist. */
    protected final void requireNotBuilt(String option) {
        if (isBuilt()) {
            throw new IllegalStateException("Cannot change `" + option + "` of optimizer '" + name
                    + "' after its slots were created.");
        }
    }

    // ------------------------------------------------------------------ Optimizer

    @Override
    public String registryName() {
        return className;
    }

    @Override
    public List<String> aliases() {
        return List.of(className.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public long iterations() {
        return iterations;
    }

    /** The learning rate at a given iteration count (schedule, then legacy decay). */
    protected final double learningRateAt(long iteration) {
        double lr = schedule != null ? schedule.at(iteration) : learningRate;
        if (decay > 0 && decayAppliesToLearningRate()) {
            lr = lr / (1.0 + decay * iteration);
        }
        return lr;
    }

    /**
     * The learning rate before legacy decay: the constant, or the schedule at {@code iterations}.
     * This is what Keras's callbacks read as {@code optimizer.lr}; a callback that scales the rate
     * should read this and call {@link #setLearningRate}.
     */
    public double baseLearningRate() {
        return schedule != null ? schedule.at(iterations) : learningRate;
    }

    @Override
    public double learningRate() {
        return learningRateAt(iterations);
    }

    @Override
    public void setLearningRate(double learningRate) {
        learningRate(learningRate);
    }

    @Override
    public List<Variable> weights() {
        return Collections.unmodifiableList(weights);
    }

    /**
     * {@inheritDoc}
     *
     * <p>All-or-nothing: the count and every shape are checked before any value is written, and
     * when they do not fit the slots this call built are dropped again, so the optimizer is left
     * exactly as it was (io relies on this to fall back to a fresh state for a foreign file).
     */
    @Override
    public void setWeights(List<Variable> variables, List<INDArray> values) {
        int weightsBefore = weights.size();
        Variable iterBefore = iterVariable;
        List<Variable> slotsBefore = new ArrayList<>(slots.keySet());
        build(variables);
        List<INDArray> vals;
        try {
            vals = checkedWeights(values);
        } catch (IllegalArgumentException e) {
            weights.subList(weightsBefore, weights.size()).clear();
            slots.keySet().retainAll(slotsBefore);
            iterVariable = iterBefore;
            throw e;
        }
        iterations = vals.get(0).getLong(0);
        iterVariable.value().putScalar(0, iterations);
        for (int i = 1; i < vals.size(); i++) {
            INDArray v = vals.get(i);
            Variable w = weights.get(i);
            w.assign(v.dataType() == w.value().dataType() ? v : v.castTo(w.value().dataType()));
        }
    }

    /** {@code values} in weight order (with a Keras 1 missing iteration count put back), or why they do not fit. */
    private List<INDArray> checkedWeights(List<INDArray> values) {
        List<INDArray> vals = values;
        if (vals.size() == weights.size() - 1) {
            // Keras 1 optimizers did not save the iteration count (RMSprop.set_weights): start at 0.
            vals = new ArrayList<>(values.size() + 1);
            vals.add(Nd4j.scalar(0L));
            vals.addAll(values);
        }
        if (vals.size() != weights.size()) {
            List<String> names = new ArrayList<>();
            for (Variable w : weights) {
                names.add(w.name());
            }
            throw new IllegalArgumentException("Optimizer '" + name + "' expects " + weights.size()
                    + " weight arrays " + names + ". Received: " + values.size() + " arrays.");
        }
        if (vals.get(0).length() != 1) {
            throw new IllegalArgumentException("Optimizer weight '" + weights.get(0).name()
                    + "' (the iteration count) must be a scalar. Received shape " + Arrays.toString(vals.get(0).shape())
                    + ".");
        }
        for (int i = 1; i < vals.size(); i++) {
            long[] expected = weights.get(i).value().shape();
            long[] got = vals.get(i).shape();
            if (!Arrays.equals(expected, got) && !(vals.get(i).length() == 1 && weights.get(i).value().length() == 1)) {
                throw new IllegalArgumentException("Optimizer weight '" + weights.get(i).name() + "' has shape "
                        + Arrays.toString(expected) + ". Received shape " + Arrays.toString(got) + ".");
            }
        }
        return vals;
    }

    /**
     * Creates the slots for these variables now (Keras's {@code _create_all_weights}); variables
     * that already have slots are skipped. {@link #apply} calls this for the variables that have
     * gradients.
     */
    public void build(List<Variable> variables) {
        List<Variable> fresh = new ArrayList<>();
        for (Variable v : variables) {
            if (!slots.containsKey(v) && !fresh.contains(v)) {
                fresh.add(v);
            }
        }
        if (fresh.isEmpty() && iterVariable != null) {
            return;
        }
        if (iterVariable == null) {
            iterVariable = new Variable(name + "/iter:0", Nd4j.scalar(iterations), false);
            weights.add(iterVariable);
            DataType dt = fresh.isEmpty() ? Nd4j.defaultFloatingPointType() : fresh.get(0).value().dataType();
            weights.addAll(createGlobalWeights(dt));
        }
        List<String> kinds = slotNames();
        Map<Variable, INDArray[]> made = new LinkedHashMap<>();
        for (Variable v : fresh) {
            made.put(v, new INDArray[kinds.size()]);
        }
        for (int k = 0; k < kinds.size(); k++) {
            String kind = kinds.get(k);
            double init = slotInitialValue(kind);
            for (Variable v : fresh) {
                INDArray a = v.value().ulike().assign(init);
                made.get(v)[k] = a;
                weights.add(new Variable(name + "/" + v.baseName() + "/" + kind + ":0", a, false));
            }
        }
        for (Variable v : fresh) {
            slots.put(v, new Slots(made.get(v), v.value()));
        }
    }

    /** Creates a scalar optimizer-wide weight named {@code <name>/<weight>:0}. */
    protected final Variable globalWeight(String weight, DataType dtype, double init) {
        return new Variable(name + "/" + weight + ":0", Nd4j.scalar(dtype, init), false);
    }

    @Override
    public void apply(List<Variable> variables) {
        List<Variable> active = new ArrayList<>(variables.size());
        for (Variable v : variables) {
            if (v.grad() != null) {
                active.add(v);
            }
        }
        if (active.isEmpty()) {
            return;
        }
        build(active);
        int n = active.size();
        INDArray[] grads = new INDArray[n];
        Slots[] state = new Slots[n];
        for (int i = 0; i < n; i++) {
            Variable v = active.get(i);
            grads[i] = v.grad();
            state[i] = slots.get(v);
        }
        clip(grads, state);
        double lr = learningRateAt(iterations);
        long localStep = iterations + 1;
        beginStep(lr, localStep);
        for (int i = 0; i < n; i++) {
            update(active.get(i).value(), grads[i], state[i], lr, localStep);
        }
        iterations = localStep;
        iterVariable.value().putScalar(0, iterations);
    }

    private void clip(INDArray[] g, Slots[] s) {
        if (clipvalue == null && clipnorm == null && globalClipnorm == null) {
            return;
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = s[i].clipped().assign(g[i]);
        }
        if (clipvalue != null) {
            double c = clipvalue;
            for (INDArray x : g) {
                Transforms.max(x, -c, false);
                Transforms.min(x, c, false);
            }
        }
        if (clipnorm != null) {
            double c = clipnorm;
            for (INDArray x : g) {
                double norm = x.norm2Number().doubleValue();
                if (norm > c) {
                    Ops.scale(c / norm, x);
                }
            }
        }
        if (globalClipnorm != null) {
            double c = globalClipnorm;
            double sum = 0;
            for (INDArray x : g) {
                double norm = x.norm2Number().doubleValue();
                sum += norm * norm;
            }
            double global = Math.sqrt(sum);
            if (global > c) {
                for (INDArray x : g) {
                    Ops.scale(c / global, x);
                }
            }
        }
    }

    // ------------------------------------------------------------------ config

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        if (schedule != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("class_name", schedule.registryName());
            s.put("config", schedule.config());
            c.put("learning_rate", s);
        } else {
            c.put("learning_rate", learningRate);
        }
        c.put("decay", decay);
        writeConfig(c);
        if (clipnorm != null) {
            c.put("clipnorm", clipnorm);
        }
        if (globalClipnorm != null) {
            c.put("global_clipnorm", globalClipnorm);
        }
        if (clipvalue != null) {
            c.put("clipvalue", clipvalue);
        }
        return c;
    }

    @Override
    public void configure(Config c) {
        name(c.getString("name", className));
        Object lr = c.get("learning_rate", "lr");
        if (lr instanceof Number num) {
            learningRate(num.doubleValue());
        } else if (lr instanceof Map<?, ?> m) {
            learningRate(scheduleFromConfig(m, c.registries()));
        } else if (lr != null) {
            throw new IllegalArgumentException("`learning_rate` must be a number or a serialized schedule. Received: learning_rate="
                    + lr);
        }
        decay(c.getDouble("decay", defaultDecay(), legacyDecayNames()));
        clipnorm(c.getDoubleOrNull("clipnorm"));
        globalClipnorm(c.getDoubleOrNull("global_clipnorm"));
        clipvalue(c.getDoubleOrNull("clipvalue"));
        readConfig(c);
        // Written by Keras 2.11+ into legacy optimizers' configs; no meaning here.
        c.ignore("is_legacy_optimizer", "jit_compile");
    }

    /**
     * A schedule from Keras's {@code {"class_name": ..., "config": {...}}}, through the schedule
     * registry of the registries creating this optimizer (so a plugin schedule resolves).
     */
    @SuppressWarnings("unchecked")
    static LearningRateSchedule scheduleFromConfig(Map<?, ?> m, Registries registries) {
        Object cls = m.get("class_name");
        if (!(cls instanceof String s)) {
            throw new IllegalArgumentException("A serialized learning-rate schedule needs a string `class_name`. Received: " + m);
        }
        Object cfg = m.get("config");
        Map<String, ?> config = cfg instanceof Map<?, ?> cm ? (Map<String, ?>) cm : Map.of();
        return registries.schedules().create(s, config);
    }

    @Override
    public String toString() {
        return className + config();
    }
}
