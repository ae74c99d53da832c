package dev.athanor.io;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.athanor.core.Model;
import dev.athanor.core.graph.ModelConfigs;
import dev.athanor.core.ModelFormat;
import dev.athanor.core.Optimizer;
import dev.athanor.core.SaveOptions;
import dev.athanor.core.Variable;
import dev.athanor.core.WeightsLoadReport;
import dev.athanor.core.initializers.UnresolvedInitializer;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.registry.Registries;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras 2's HDF5 model format ({@code .h5}, {@code .hdf5}), written with jhdf so that Keras, h5py,
 * h5dump and Deeplearning4j read it, and read from files written by any Keras 2.x.
 *
 * <p>Full-model files hold the root attributes {@code keras_version}, {@code backend},
 * {@code model_config} and {@code training_config}, the group {@code model_weights} (attribute
 * {@code layer_names}, one group per layer with {@code weight_names}, datasets at
 * {@code <layer>/<layer>/<var>:0}) and {@code optimizer_weights}; plus Athanor's own
 * {@code athanor_version} and {@code athanor_format_version}. Weights-only files hold the layer
 * groups at the root. Writes are atomic; reading never runs code from the file and reports every
 * problem as a {@link ModelFileException}.
 */
public class H5Format implements ModelFormat {

    /** The Keras version written (a 2.x version: Deeplearning4j rejects 3.x). */
    public static final String KERAS_VERSION = "2.4.0";
    /** The backend written. */
    public static final String BACKEND = "tensorflow";
    /** Version of Athanor's additions to the layout; files with a larger one are refused. */
    public static final int FORMAT_VERSION = 1;
    /** The Athanor version recorded in written files. */
    public static final String ATHANOR_VERSION = "0.1.0";

    private static final Logger LOG = LoggerFactory.getLogger(H5Format.class);

    /** Called with the open file just before it is closed; tests use it to fail a write midway. */
    interface WriteHook {
        void beforeClose(WritableHdfFile file) throws IOException;
    }

    private final WriteHook hook;

    /** The format as registered. */
    public H5Format() {
        this(f -> { });
    }

    H5Format(WriteHook hook) {
        this.hook = hook;
    }

    @Override
    public String registryName() {
        return "h5";
    }

    @Override
    public List<String> aliases() {
        return List.of("hdf5");
    }

    @Override
    public List<String> extensions() {
        return List.of("h5", "hdf5");
    }

    // ------------------------------------------------------------------ saving

    @Override
    public void save(Model model, Path path, SaveOptions options) throws IOException {
        String modelConfig;
        String trainingConfig = null;
        String rules = null;
        try {
            modelConfig = ModelConfigs.writeJson(Keras3Configs.h5ModelConfig(model.toConfig()));
            if (model.isCompiled()) {
                Map<String, Object> training = Keras3Configs.h5TrainingConfig(TrainingConfigs.of(model));
                Map<String, Object> ruleOptions = optimizerRules(training);
                rules = ruleOptions.isEmpty() ? null : ModelConfigs.writeJson(ruleOptions);
                trainingConfig = ModelConfigs.writeJson(training);
            }
        } catch (RuntimeException e) {
            throw new ModelFileException(path, "cannot describe the model: " + e.getMessage(), e);
        }
        checkSize(path, "model_config", modelConfig);
        if (trainingConfig != null) {
            checkSize(path, "training_config", trainingConfig);
        }
        String callbacks = model.callbackStates().isEmpty() ? null : ModelConfigs.writeJson(model.callbackStates());
        if (callbacks != null) {
            checkSize(path, "athanor_callback_states", callbacks);
        }
        String tc = trainingConfig;
        String optimizerRules = rules;
        AtomicH5Write.write(path, options.overwrite(), f -> {
            f.putAttribute("keras_version", KERAS_VERSION);
            f.putAttribute("backend", BACKEND);
            H5Names.putString(f, "model_config", modelConfig);
            if (tc != null) {
                H5Names.putString(f, "training_config", tc);
            }
            putAthanorAttributes(f);
            if (optimizerRules != null) {
                H5Names.putString(f, OptimizerRules.KEY, optimizerRules);
            }
            if (callbacks != null) {
                H5Names.putString(f, "athanor_callback_states", callbacks);
            }
            H5Writing.putLayerWeights(f.putGroup("model_weights"), model.layers());
            if (options.includeOptimizer() && model.isCompiled() && !model.optimizer().weights().isEmpty()) {
                WritableGroup ow = f.putGroup("optimizer_weights");
                List<String> names = new ArrayList<>();
                for (Variable v : model.optimizer().weights()) {
                    names.add(v.name());
                }
                H5Names.putNames(ow, "weight_names", names);
                for (Variable v : model.optimizer().weights()) {
                    H5Writing.putDataset(ow, v.name(), v.value());
                }
            }
            hook.beforeClose(f);
        });
    }

    /** Whether {@code path} names a Keras 3 weights file ({@code *.weights.h5}). */
    static boolean isKeras3WeightsPath(Path path) {
        return path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".weights.h5");
    }

    /**
     * Saves the weights: in Keras 3's layout when the name ends in {@code .weights.h5} (what Keras 3's
     * {@code save_weights} requires and writes), else in Keras 2's.
     */
    @Override
    public void saveWeights(Model model, Path path) throws IOException {
        if (isKeras3WeightsPath(path)) {
            AtomicH5Write.write(path, true, f -> {
                Keras3Weights.write(f, model);
                hook.beforeClose(f);
            });
            return;
        }
        AtomicH5Write.write(path, true, f -> {
            H5Writing.putLayerWeights(f, model.layers());
            putAthanorAttributes(f);
            hook.beforeClose(f);
        });
    }

    /**
     * Takes Athanor's optimizer-rule options out of the training config (Keras refuses unknown
     * optimizer arguments) and returns those this format does not imply (see {@link OptimizerRules}).
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> optimizerRules(Map<String, Object> training) {
        Map<String, Object> oc = (Map<String, Object>) training.get("optimizer_config");
        Map<String, Object> config = new java.util.LinkedHashMap<>((Map<String, Object>) oc.get("config"));
        Map<String, Object> out = OptimizerRules.split(String.valueOf(oc.get("class_name")), config, false);
        oc.put("config", config);
        return out;
    }

    private static void putAthanorAttributes(WritableHdfFile f) {
        f.putAttribute("athanor_version", ATHANOR_VERSION);
        f.putAttribute("athanor_format_version", Integer.valueOf(FORMAT_VERSION));
    }

    private static void checkSize(Path path, String name, String value) throws ModelFileException {
        int size = H5Names.byteSize(value);
        if (size > H5Names.ATTRIBUTE_LIMIT) {
            throw new ModelFileException(path, new H5Names.AttributeTooLargeException(name, size).getMessage());
        }
    }

    // ------------------------------------------------------------------ loading

    /** A read step that may fail in any way; failures become {@link ModelFileException}s. */
    @FunctionalInterface
    private interface Read<T> {
        T run(HdfFile file, H5Reading r) throws IOException;
    }

    private static <T> T read(Path path, Read<T> body) throws ModelFileException {
        if (!Files.isRegularFile(path)) {
            throw new ModelFileException(path, Files.exists(path) ? "is not a regular file" : "does not exist");
        }
        H5Reading r = new H5Reading(path);
        try (HdfFile file = new HdfFile(path)) {
            return body.run(file, r);
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFileException(path, "cannot read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(path, "invalid content: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ModelFileException(path, "not a readable Keras HDF5 file (corrupt or truncated?): "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (OutOfMemoryError | StackOverflowError e) {
            throw new ModelFileException(path, "corrupt HDF5 structure (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static boolean checkFormatVersion(HdfFile file, H5Reading r) throws ModelFileException {
        Attribute a = H5Reading.attribute(file, "athanor_format_version");
        if (a == null) {
            return false;
        }
        Object v = a.getData();
        long version;
        if (v instanceof Number n) {
            version = n.longValue();
        } else if (v instanceof String s && s.matches("\\d{1,9}")) {
            version = Long.parseLong(s);
        } else {
            throw r.error("athanor_format_version is not a number: " + H5Reading.describe(v));
        }
        if (version > FORMAT_VERSION) {
            throw r.error("it was written by a newer Athanor (format version " + version + "; this version reads"
                    + " up to " + FORMAT_VERSION + "). Upgrade Athanor to load it.");
        }
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Model load(Path path, Registries registries) throws IOException {
        return read(path, (file, r) -> {
            boolean ours = checkFormatVersion(file, r);
            String kerasVersion = r.string(file, "keras_version");
            boolean keras3 = !ours && kerasVersion != null && kerasVersion.startsWith("3.");
            String json = r.string(file, "model_config");
            if (json == null) {
                throw r.error(file.getChildren().containsKey("model_weights") || H5Reading.attribute(file, "layer_names") == null
                        ? "the attribute 'model_config' is missing: no model architecture is stored"
                        : "it is a weights-only file (no model_config); build the model and call loadWeights");
            }
            Map<String, Object> config;
            try {
                config = ModelConfigs.parseJson(json);
            } catch (IllegalArgumentException e) {
                throw r.error("model_config is not valid JSON: " + e.getMessage());
            }
            Group mw = H5Reading.group(file, "model_weights");
            Model model;
            // Initializers only make starting values; every weight is assigned from the file below (strictly),
            // so an initializer the file names but nobody registered (a Python function) cannot matter.
            try (UnresolvedInitializer.Scope unknown = UnresolvedInitializer.deferUnknown()) {
                try {
                    if (keras3) {
                        config = Keras3Configs.modelFromKeras3(config, registries);
                    }
                    model = ModelConfigs.fromConfig(config, registries);
                } catch (RuntimeException e) {
                    throw new ModelFileException(path, "cannot build the model from model_config: " + e.getMessage(),
                            e);
                }
                if (mw == null) {
                    throw r.error("the group 'model_weights' is missing");
                }
                applyWeights(model, mw, r, false, false);
                if (!unknown.unresolved().isEmpty()) {
                    LOG.warn(path + ": initializers " + new java.util.TreeSet<>(unknown.unresolved())
                            + " are not registered; the file's weights were loaded instead. Creating new weights"
                            + " from this model's config needs them registered (a plugin).");
                }
            }
            String training = r.string(file, "training_config");
            if (training != null) {
                Map<String, Object> tc;
                try {
                    tc = ModelConfigs.parseJson(training);
                } catch (IllegalArgumentException e) {
                    throw r.error("training_config is not valid JSON: " + e.getMessage());
                }
                try {
                    if (keras3) {
                        tc = Keras3Configs.trainingFromKeras3(tc);
                    }
                    String rules = ours ? r.string(file, OptimizerRules.KEY) : null;
                    if (rules != null) {
                        OptimizerRules.apply(tc, ModelConfigs.parseJson(rules));
                    }
                    TrainingConfigs.compile(model, tc, registries);
                } catch (RuntimeException e) {
                    throw new ModelFileException(path, "cannot compile the model from training_config: "
                            + e.getMessage(), e);
                }
                Group ow = H5Reading.group(file, "optimizer_weights");
                if (ow != null && keras3) {
                    List<INDArray> values = new ArrayList<>();
                    List<String> names = r.names(ow, "weight_names");
                    for (String n : names == null ? List.<String>of() : names) {
                        values.add(r.dataset(ow, n, "optimizer_weights"));
                    }
                    KerasFormat.restoreOptimizer(path, model, values, false);
                } else if (ow != null) {
                    restoreOptimizer(model, ow, r, ours);
                }
            }
            String callbacks = r.string(file, "athanor_callback_states");
            if (callbacks != null) {
                Map<String, Object> states = ModelConfigs.parseJson(callbacks);
                for (Map.Entry<String, Object> e : states.entrySet()) {
                    if (e.getValue() instanceof Map<?, ?> m) {
                        model.callbackStates().put(e.getKey(), (Map<String, Object>) m);
                    }
                }
            }
            return model;
        });
    }

    /**
     * Restores the optimizer state. A Keras file's state that does not fit leaves the optimizer
     * fresh ({@link Optimizer#setWeights} changes nothing when it refuses), as Keras falls back to.
     */
    private static void restoreOptimizer(Model model, Group ow, H5Reading r, boolean ours) throws ModelFileException {
        List<String> names = r.names(ow, "weight_names");
        if (names == null || names.isEmpty()) {
            return;
        }
        List<INDArray> values = new ArrayList<>();
        for (String n : names) {
            values.add(r.dataset(ow, n, "optimizer_weights"));
        }
        Optimizer opt = model.optimizer();
        List<Variable> vars = model.trainableVariables();
        if (!ours) {
            values = withoutLegacyVhats(values, vars.size());
        }
        try {
            opt.setWeights(vars, values);
        } catch (RuntimeException e) {
            if (ours) {
                throw r.error("the optimizer state does not fit the optimizer: " + e.getMessage());
            }
            // Keras: "Error in loading the saved optimizer state ... starting with a freshly initialized optimizer".
            LOG.warn("Could not restore the optimizer state from the Keras file (" + e.getMessage()
                    + "); starting with a freshly initialized optimizer.");
        }
    }

    /**
     * Keras 2.1-2.2 Adam/Adamax-style optimizers save {@code [iterations] + ms + vs + vhats}, with the
     * vhats placeholders of shape (1,) when amsgrad is off; Athanor's state is {@code [iter] + ms + vs}.
     */
    private static List<INDArray> withoutLegacyVhats(List<INDArray> values, int params) {
        if (params == 0 || values.size() != 1 + 3 * params) {
            return values;
        }
        for (INDArray v : values.subList(1 + 2 * params, values.size())) {
            if (v.length() != 1) {
                return values;
            }
        }
        return new ArrayList<>(values.subList(0, 1 + 2 * params));
    }

    // ------------------------------------------------------------------ weights

    @Override
    public WeightsLoadReport loadWeights(Model model, Path path, boolean byName, boolean skipMismatch)
            throws IOException {
        return read(path, (file, r) -> {
            checkFormatVersion(file, r);
            if (Keras3Weights.isKeras3Layout(file)) {
                if (byName) {
                    throw r.error("Keras 3 weights files store weights by position (layers/<class>/vars), not by"
                            + " layer name; load them with byName=false");
                }
                return Keras3Weights.read(model, file, r, skipMismatch, null);
            }
            Group root = file;
            if (H5Reading.attribute(file, "layer_names") == null && H5Reading.attribute(file, "layer_names0") == null
                    && H5Reading.group(file, "model_weights") != null) {
                root = H5Reading.group(file, "model_weights");
            }
            return applyWeights(model, root, r, byName, skipMismatch);
        });
    }

    /** One file layer: its name and its weights in weight_names order. */
    private record FileLayer(String name, List<String> weightNames, List<INDArray> values) {
    }

    private static List<FileLayer> fileLayers(Group root, H5Reading r) throws ModelFileException {
        List<String> layerNames = r.names(root, "layer_names");
        if (layerNames == null) {
            throw r.error("the attribute 'layer_names' is missing: this is not a Keras weights file");
        }
        List<FileLayer> out = new ArrayList<>();
        for (String name : layerNames) {
            Group g = H5Reading.group(root, name);
            if (g == null) {
                throw r.error("the layer '" + name + "' is listed in layer_names but has no group");
            }
            List<String> wn = r.names(g, "weight_names");
            if (wn == null) {
                wn = List.of();
            }
            List<INDArray> values = new ArrayList<>();
            for (String w : wn) {
                values.add(r.dataset(g, w, "layer '" + name + "'"));
            }
            out.add(new FileLayer(name, wn, values));
        }
        return out;
    }

    private static WeightsLoadReport applyWeights(Model model, Group root, H5Reading r, boolean byName,
                                                  boolean skipMismatch) throws ModelFileException {
        List<FileLayer> file = fileLayers(root, r);
        List<String> loaded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        Map<Variable, INDArray> assign = new LinkedHashMap<>();
        if (!byName) {
            List<FileLayer> withWeights = file.stream().filter(f -> !f.values().isEmpty()).toList();
            List<Layer> layers = model.layers().stream().filter(l -> !l.variables().isEmpty()).toList();
            if (withWeights.size() != layers.size()) {
                throw r.error("the file has " + withWeights.size() + " layers with weights "
                        + withWeights.stream().map(FileLayer::name).toList() + " but the model has " + layers.size()
                        + " " + layers.stream().map(Layer::name).toList()
                        + (layers.isEmpty() && !withWeights.isEmpty()
                        ? " (is the model built? give the first layer an input shape)" : ""));
            }
            for (int i = 0; i < layers.size(); i++) {
                if (match(layers.get(i), withWeights.get(i), r, skipMismatch, mismatches, assign)) {
                    loaded.add(layers.get(i).name());
                }
            }
        } else {
            Map<String, Layer> byLayerName = new HashMap<>();
            for (Layer l : model.layers()) {
                byLayerName.put(l.name(), l);
            }
            List<String> seen = new ArrayList<>();
            for (FileLayer f : file) {
                Layer l = byLayerName.get(f.name());
                if (l == null) {
                    if (!f.values().isEmpty()) {
                        unexpected.add(f.name());
                    }
                    continue;
                }
                seen.add(f.name());
                if (match(l, f, r, skipMismatch, mismatches, assign) && !l.variables().isEmpty()) {
                    loaded.add(l.name());
                }
            }
            for (Layer l : model.layers()) {
                if (!l.variables().isEmpty() && !seen.contains(l.name())) {
                    missing.add(l.name());
                }
            }
        }
        for (Map.Entry<Variable, INDArray> e : assign.entrySet()) {
            Variable v = e.getKey();
            v.assign(e.getValue().castTo(v.value().dataType()));
        }
        return new WeightsLoadReport(loaded, missing, unexpected, mismatches);
    }

    private static boolean match(Layer layer, FileLayer f, H5Reading r, boolean skipMismatch, List<String> mismatches,
                                 Map<Variable, INDArray> assign) throws ModelFileException {
        List<Variable> vars = layer.variables();
        if (vars.size() != f.values().size()) {
            String msg = "layer '" + layer.name() + "' (" + layer.registryName() + ") expects " + vars.size()
                    + " weights but the file's layer '" + f.name() + "' has " + f.values().size();
            if (!skipMismatch) {
                throw r.error(msg);
            }
            mismatches.add(msg);
            return false;
        }
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            long[] want = vars.get(i).value().shape();
            long[] got = f.values().get(i).shape();
            if (!Arrays.equals(want, got)) {
                bad.add("layer '" + layer.name() + "' weight '" + vars.get(i).name() + "' has shape "
                        + Arrays.toString(want) + " but the file's '" + f.weightNames().get(i) + "' has shape "
                        + Arrays.toString(got));
            }
        }
        if (!bad.isEmpty()) {
            if (!skipMismatch) {
                throw r.error(String.join("; ", bad) + " (pass skipMismatch to skip such layers)");
            }
            mismatches.addAll(bad);
            return false;
        }
        for (int i = 0; i < vars.size(); i++) {
            assign.put(vars.get(i), f.values().get(i));
        }
        return true;
    }
}
