package dev.athanor.core;

import dev.athanor.core.training.Compiled;
import dev.athanor.core.data.Batch;
import dev.athanor.core.data.Dataset;
import dev.athanor.core.data.DatasetException;
import dev.athanor.core.training.Evaluator;
import dev.athanor.core.graph.Graph;
import dev.athanor.core.graph.ModelConfigs;
import dev.athanor.core.graph.Node;
import dev.athanor.core.graph.Summary;
import dev.athanor.core.training.Trainer;

import dev.athanor.core.layers.InputLayer;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.layers.LayerNames;
import dev.athanor.core.registry.Registries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A functional model: layers wired as a DAG from {@link Input}s to outputs (Keras's
 * {@code Model(inputs, outputs)}). {@link Sequential} is the linear special case.
 *
 * <p>The model holds the graph and the compile state; training, evaluation, files and the summary
 * are delegated to {@link Trainer}, {@link Evaluator}, the registered {@link ModelFormat}s and
 * {@link Summary}.
 */
public class Model {

    private String name;
    private Graph graph;
    private Registries registries = Registries.defaults();
    private Compiled compiled;
    private volatile boolean stopTraining;
    private final Map<String, Map<String, Object>> callbackStates = new LinkedHashMap<>();

    /** A model from symbolic inputs to symbolic outputs. */
    public Model(List<Tensor> inputs, List<Tensor> outputs) {
        this(inputs, outputs, null);
    }

    /** A named model. */
    public Model(List<Tensor> inputs, List<Tensor> outputs, String name) {
        this.graph = new Graph(inputs, outputs, null);
        this.name = name;
    }

    /**
     * A model whose {@link #layers()} keep a given order (as written in a file), so that weights
     * matched by position land where the file meant them.
     */
    public static Model withLayerOrder(List<Tensor> inputs, List<Tensor> outputs, String name, List<Layer> order) {
        Model m = new Model(name);
        m.graph = new Graph(inputs, outputs, order);
        return m;
    }

    /** For subclasses that wire their graph later. */
    protected Model(String name) {
        this.name = name;
    }

    /** Keras's default model name prefix. */
    protected String defaultNamePrefix() {
        return "model";
    }

    // ------------------------------------------------------------------ structure

    /** The model's name. */
    public String name() {
        if (name == null) {
            name = LayerNames.unique(defaultNamePrefix());
        }
        return name;
    }

    /** Sets the model's name. */
    public Model name(String newName) {
        this.name = newName;
        return this;
    }

    /** Uses these registries (instead of the defaults) to resolve names for compile and files. */
    public Model registries(Registries r) {
        this.registries = r;
        return this;
    }

    /** The registries this model resolves names with. */
    public Registries registries() {
        return registries;
    }

    /** The graph, building it first if the subclass defers that. */
    Graph graph() {
        if (graph == null) {
            throw new IllegalStateException("Model '" + name() + "' has no input shape yet. Give the first layer"
                    + " inputShape(...)/inputDim(...), or call fit/predict so the shape comes from the data.");
        }
        return graph;
    }

    /** Whether the graph exists (a Sequential without input shape has none until it sees data). */
    protected boolean hasGraph() {
        return graph != null;
    }

    /** Replaces the graph (Sequential rebuilds it when layers change). */
    protected void setGraph(Graph g) {
        this.graph = g;
    }

    /** Builds the graph for data of these sample shapes, if the subclass defers that. Default: nothing. */
    protected void ensureGraph(List<long[]> batchShapes) {
    }

    /** The layers in Keras order (a functional model includes its InputLayers). */
    public List<Layer> layers() {
        return graph().layers();
    }

    /** A layer by name, with the known names in the error. */
    public Layer getLayer(String layerName) {
        for (Layer l : layers()) {
            if (l.name().equals(layerName)) {
                return l;
            }
        }
        throw new IllegalArgumentException("No layer named '" + layerName + "' in model '" + name() + "'. Layers: "
                + layers().stream().map(Layer::name).toList());
    }

    /** The symbolic inputs. */
    public List<Tensor> inputs() {
        return graph().inputs();
    }

    /** The symbolic outputs. */
    public List<Tensor> outputs() {
        return graph().outputs();
    }

    /** The nodes in topological order. */
    public List<Node> nodes() {
        return graph().nodes();
    }

    /** Names of the layers producing the outputs (used in multi-output log keys). */
    public List<String> outputNames() {
        List<String> names = new ArrayList<>();
        for (Tensor t : outputs()) {
            names.add(Node.producerOf(t).layer().name());
        }
        return names;
    }

    /** Output shapes (batch -1). */
    public List<long[]> outputShapes() {
        List<long[]> shapes = new ArrayList<>();
        for (Tensor t : outputs()) {
            shapes.add(t.shape());
        }
        return shapes;
    }

    /** The input layers in input order. */
    public List<InputLayer> inputLayers() {
        List<InputLayer> out = new ArrayList<>();
        for (Tensor t : inputs()) {
            out.add((InputLayer) Node.producerOf(t).layer());
        }
        return out;
    }

    // ------------------------------------------------------------------ weights

    /** Every variable in Keras order: per layer, trainable then non-trainable. */
    public List<Variable> variables() {
        List<Variable> out = new ArrayList<>();
        for (Layer l : layers()) {
            out.addAll(l.variables());
        }
        return out;
    }

    /** The variables the optimizer updates, in layer order. */
    public List<Variable> trainableVariables() {
        List<Variable> out = new ArrayList<>();
        for (Layer l : layers()) {
            out.addAll(l.trainableWeights());
        }
        return out;
    }

    /** Copies of all weights in Keras order. */
    public List<INDArray> getWeights() {
        List<INDArray> out = new ArrayList<>();
        for (Variable v : variables()) {
            out.add(v.value().dup());
        }
        return out;
    }

    /** Sets all weights (Keras order); counts and shapes are checked. */
    public void setWeights(List<INDArray> values) {
        List<Variable> vars = variables();
        if (values.size() != vars.size()) {
            throw new IllegalArgumentException("Model '" + name() + "' has " + vars.size() + " weights but "
                    + values.size() + " arrays were given.");
        }
        for (int i = 0; i < vars.size(); i++) {
            vars.get(i).assign(values.get(i).castTo(vars.get(i).value().dataType()));
        }
    }

    /** Total number of scalars in all weights. */
    public long countParams() {
        long n = 0;
        for (Layer l : layers()) {
            n += l.countParams();
        }
        return n;
    }

    // ------------------------------------------------------------------ compile

    /** Compiles with names, Keras defaults. */
    public void compile(String optimizer, String loss) {
        compile(new CompileOptions().optimizer(optimizer).loss(loss));
    }

    /** Compiles with names and metrics. */
    public void compile(String optimizer, String loss, List<String> metrics) {
        compile(new CompileOptions().optimizer(optimizer).loss(loss).metrics(metrics));
    }

    /** Compiles with an optimizer name and a loss object (or null when layers add their losses). */
    public void compile(String optimizer, Loss loss) {
        compile(new CompileOptions().optimizer(optimizer).loss(loss));
    }

    /** Compiles with an optimizer name, a loss object and metrics. */
    public void compile(String optimizer, Loss loss, List<String> metrics) {
        compile(new CompileOptions().optimizer(optimizer).loss(loss).metrics(metrics));
    }

    /** Compiles with an optimizer object. */
    public void compile(Optimizer optimizer, String loss) {
        compile(new CompileOptions().optimizer(optimizer).loss(loss));
    }

    /** Compiles with an optimizer object and metrics. */
    public void compile(Optimizer optimizer, String loss, List<String> metrics) {
        compile(new CompileOptions().optimizer(optimizer).loss(loss).metrics(metrics));
    }

    /** Compiles with an optimizer object and a loss object. */
    public void compile(Optimizer optimizer, Loss loss) {
        compile(new CompileOptions().optimizer(optimizer).loss(loss));
    }

    /** Compiles with objects and metrics. */
    public void compile(Optimizer optimizer, Loss loss, List<String> metrics) {
        compile(new CompileOptions().optimizer(optimizer).loss(loss).metrics(metrics));
    }

    /** Compiles from full options (per-output losses, loss weights). */
    public void compile(CompileOptions options) {
        this.compiledOptions = options;
        this.compiled = hasGraph() ? Compiled.resolve(options, outputNames(), outputShapes(), registries) : null;
    }

    private CompileOptions compiledOptions;

    /** Whether compile was called. */
    public boolean isCompiled() {
        return compiledOptions != null;
    }

    Compiled compiled() {
        if (compiledOptions == null) {
            throw new IllegalStateException("Model '" + name() + "' is not compiled. Call compile(optimizer, loss)"
                    + " before fit or evaluate.");
        }
        if (compiled == null) {
            compiled = Compiled.resolve(compiledOptions, outputNames(), outputShapes(), registries);
        }
        return compiled;
    }

    /** The compiled optimizer (its learning rate can be read and set while training). */
    public Optimizer optimizer() {
        return compiled().optimizer;
    }

    /** The compiled losses per output (null entries where layers add the loss). */
    public List<Loss> losses() {
        return compiled().losses;
    }

    /** Loss names per output as given to compile (null for lambdas and no loss). */
    public List<String> lossNames() {
        return compiled().lossNames;
    }

    /** Loss weights per output. */
    public List<Double> lossWeights() {
        return compiled().lossWeights;
    }

    /** Metric specs as given to compile (names or Metric objects). */
    public List<Object> metricSpecs() {
        return compiled().metricSpecs;
    }

    // ------------------------------------------------------------------ training

    /** Trains on one input array and one target array. */
    public History fit(INDArray x, INDArray y, FitOptions options) {
        return fit(List.of(x), y == null ? null : List.of(y), options);
    }

    /** Trains a multi-input model on one target array. */
    public History fit(List<INDArray> xs, INDArray y, FitOptions options) {
        return fit(xs, y == null ? null : List.of(y), options);
    }

    /** Trains on inputs and one target per output (null when layers add their own losses). */
    public History fit(List<INDArray> xs, List<INDArray> ys, FitOptions options) {
        ensureGraphFor(xs);
        return new Trainer(this, compiled()).fit(xs, ys, options == null ? new FitOptions() : options);
    }

    /**
     * Trains on batches from a dataset (Keras's {@code fit} with a {@code PyDataset}); {@code shuffle}
     * shuffles the batch order of a random-access dataset per pass.
     */
    public History fit(Dataset data, FitOptions options) {
        ensureGraphFor(data);
        return new Trainer(this, compiled()).fit(data, options == null ? new FitOptions() : options);
    }

    /** One gradient step on one batch; returns the loss then the metrics. */
    public double[] trainOnBatch(INDArray x, INDArray y) {
        return trainOnBatch(List.of(x), y == null ? null : List.of(y));
    }

    /** One gradient step on one batch of a multi-input/-output model. */
    public double[] trainOnBatch(List<INDArray> xs, List<INDArray> ys) {
        ensureGraphFor(xs);
        return new Trainer(this, compiled()).trainOnBatch(xs, ys);
    }

    /**
     * Whether training steps run compiled (a planned step replayed on buffers reused across
     * batches, see {@code CompileOptions.jitCompile}) or eagerly, and why: "compiled", or
     * "eager: " and the first reason (a layer kind, activation, loss, or setting not covered).
     * Eager and compiled steps give the same results; only speed differs.
     */
    public String explainCompiledStep() {
        String why = dev.athanor.core.training.StepPlan.explain(this, compiled());
        return why == null ? "compiled" : "eager: " + why;
    }

    /** Asks a running fit to stop after the current batch (callbacks use it, like Keras's stop_training). */
    public void stopTraining(boolean stop) {
        this.stopTraining = stop;
    }

    /** Whether training was asked to stop. */
    public boolean stopTrainingRequested() {
        return stopTraining;
    }

    /** State kept by callbacks in full-model checkpoints, by callback key. */
    public Map<String, Map<String, Object>> callbackStates() {
        return callbackStates;
    }

    // ------------------------------------------------------------------ evaluation and inference

    /** Loss then metrics on the given data, batch size 32. */
    public double[] evaluate(INDArray x, INDArray y) {
        return evaluate(List.of(x), y == null ? null : List.of(y), 32);
    }

    /** Loss then metrics with a batch size. */
    public double[] evaluate(INDArray x, INDArray y, int batchSize) {
        return evaluate(List.of(x), y == null ? null : List.of(y), batchSize);
    }

    /** Loss then metrics for a multi-input/-output model. */
    public double[] evaluate(List<INDArray> xs, List<INDArray> ys, int batchSize) {
        ensureGraphFor(xs);
        return new Evaluator(this).evaluate(compiled(), xs, ys, batchSize);
    }

    /** Loss then metrics over one pass of a dataset. */
    public double[] evaluate(Dataset data) {
        return evaluate(data, 0);
    }

    /** Loss then metrics over {@code steps} batches of a dataset (0: one pass). */
    public double[] evaluate(Dataset data, int steps) {
        ensureGraphFor(data);
        return new Evaluator(this).evaluate(compiled(), data, steps);
    }

    /** Loss then metrics on one batch, no update. */
    public double[] testOnBatch(INDArray x, INDArray y) {
        return evaluate(List.of(x), y == null ? null : List.of(y), Math.toIntExact(Math.max(1, x.size(0))));
    }

    /** The first output's predictions, batch size 32. Thread-safe. */
    public INDArray predict(INDArray x) {
        return predict(x, 32);
    }

    /** The first output's predictions with a batch size. Thread-safe. */
    public INDArray predict(INDArray x, int batchSize) {
        return predictAll(List.of(x), batchSize).get(0);
    }

    /** All outputs for a multi-input model. Thread-safe. */
    public List<INDArray> predictAll(List<INDArray> xs, int batchSize) {
        ensureGraphFor(xs);
        return new Evaluator(this).predict(xs, batchSize);
    }

    /** The first output's predictions over one pass of a dataset (targets in its batches are ignored). */
    public INDArray predict(Dataset data) {
        return predictAll(data, 0).get(0);
    }

    /** All outputs over {@code steps} batches of a dataset (0: one pass), batches concatenated. */
    public List<INDArray> predictAll(Dataset data, int steps) {
        ensureGraphFor(data);
        return new Evaluator(this).predict(data, steps);
    }

    /** Predictions for one batch. */
    public INDArray predictOnBatch(INDArray x) {
        return predict(x, Math.toIntExact(Math.max(1, x.size(0))));
    }

    /** Runs the graph on concrete tensors (building it from their shapes if deferred). */
    public List<Tensor> call(List<Tensor> inputs, boolean training) {
        List<long[]> shapes = new ArrayList<>();
        for (Tensor t : inputs) {
            shapes.add(t.shape());
        }
        ensureGraph(shapes);
        return graph().forward(inputs, training);
    }

    /** As {@link #call(List, boolean)}, adding each output's Keras mask (or null) to {@code outputMasks}. */
    @Internal public List<Tensor> call(List<Tensor> inputs, boolean training, List<INDArray> outputMasks) {
        List<long[]> shapes = new ArrayList<>();
        for (Tensor t : inputs) {
            shapes.add(t.shape());
        }
        ensureGraph(shapes);
        return graph().forward(inputs, training, outputMasks);
    }

    /** Builds a deferred graph from the shapes of the dataset's first batch. */
    private void ensureGraphFor(Dataset data) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null.");
        }
        if (!hasGraph()) {
            Batch first = data.batch(0);
            if (first == null) {
                throw new DatasetException(0, "The dataset returned no batches (batch(0) was null).", null);
            }
            ensureGraphFor(first.inputs());
        }
    }

    private void ensureGraphFor(List<INDArray> xs) {
        if (xs == null || xs.isEmpty()) {
            throw new IllegalArgumentException("x must hold at least one array. Received: x=" + xs);
        }
        List<long[]> shapes = new ArrayList<>();
        for (INDArray x : xs) {
            if (x == null) {
                throw new IllegalArgumentException("x must not contain null arrays.");
            }
            shapes.add(x.shape());
        }
        ensureGraph(shapes);
    }

    // ------------------------------------------------------------------ description and files

    /** Keras's summary table; printed to standard output and returned. */
    public String summary() {
        String s = Summary.of(this);
        System.out.println(s);
        return s;
    }

    /** Keras's summary table as text, without printing. */
    public String summaryText() {
        return Summary.of(this);
    }

    /** Keras's model_config: {@code {"class_name": ..., "config": ...}}. */
    public Map<String, Object> toConfig() {
        return ModelConfigs.toConfig(this);
    }

    /** Keras class name of the model ("Functional" or "Sequential"). */
    public String className() {
        return "Functional";
    }

    /** The architecture as Keras JSON. */
    public String toJson() {
        return ModelConfigs.toJson(this);
    }

    /** The architecture as YAML (Keras's {@code to_yaml}). */
    public String toYaml() {
        return ModelConfigs.toYaml(this);
    }

    /** Saves architecture, weights, training config and optimizer state (format by extension). */
    public void save(Path path) {
        save(path, new SaveOptions());
    }

    /** Saves with options. */
    public void save(Path path, SaveOptions options) {
        try {
            Formats.forPath(path, registries).save(this, path, options);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save model to " + path + ": " + e.getMessage(), e);
        }
    }

    /** Saves only the weights. */
    public void saveWeights(Path path) {
        try {
            Formats.forPath(path, registries).saveWeights(this, path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save weights to " + path + ": " + e.getMessage(), e);
        }
    }

    /** Loads weights by position of the layers that have weights. */
    public WeightsLoadReport loadWeights(Path path) {
        return loadWeights(path, false, false);
    }

    /** Loads weights, by layer name when {@code byName}. */
    public WeightsLoadReport loadWeights(Path path, boolean byName) {
        return loadWeights(path, byName, false);
    }

    /** Loads weights; shape mismatches are skipped (and reported) only when {@code skipMismatch}. */
    public WeightsLoadReport loadWeights(Path path, boolean byName, boolean skipMismatch) {
        try {
            return Formats.forPath(path, registries).loadWeights(this, path, byName, skipMismatch);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load weights from " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return className() + "(" + name() + ")";
    }
}
