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
import dev.athanor.core.registry.Registries;
import io.jhdf.HdfFile;
import io.jhdf.api.Group;
import io.jhdf.api.WritableGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras 3's native model format ({@code .keras}): a zip of {@code metadata.json},
 * {@code config.json} (Keras 3's serialization dialect, with {@code compile_config}) and
 * {@code model.weights.h5} (variables by object path, optimizer state under
 * {@code optimizer/vars}). Files written here load in Keras 3 with
 * {@code keras.models.load_model(path)} (compiled, with the optimizer state); files Keras 3
 * writes load here when their layers are ones Athanor has.
 *
 * <p>The archive is untrusted: see {@link KerasArchive} for the limits. Loading instantiates only
 * registered components and never runs code from the file; every problem is a
 * {@link ModelFileException} naming the file.
 */
public class KerasFormat implements ModelFormat {

    /** The Keras version recorded in {@code metadata.json}: the Keras 3 format this writer follows. */
    public static final String KERAS_VERSION = "3.15.1";
    /** Version of Athanor's additions to {@code metadata.json}; larger ones are refused. */
    public static final int FORMAT_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(KerasFormat.class);

    @Override
    public String registryName() {
        return "keras";
    }

    @Override
    public List<String> extensions() {
        return List.of("keras");
    }

    // ------------------------------------------------------------------ loading

    @Override
    public Model load(Path path, Registries registries) throws IOException {
        KerasArchive.Contents c = KerasArchive.read(path);
        Map<String, Object> metadata = c.metadata() == null ? Map.of() : json(path, c.metadata(), KerasArchive.METADATA);
        boolean ours = checkMetadata(path, metadata);
        Map<String, Object> rules = ours ? optimizerOptions(path, metadata) : Map.of();
        Map<String, Object> config = json(path, c.config(), KerasArchive.CONFIG);
        long stored = c.weights() == null ? -1 : readWeightsFile(path, c.weights(), KerasFormat::storedValues);
        Map<String, String> weightPaths = new java.util.HashMap<>();
        Model model = buildModel(path, config, registries, stored, weightPaths);
        // Only a model with nested models needs the paths (its layers' groups are not layers/<group>).
        Map<String, String> paths = weightPaths.values().stream().anyMatch(p -> p.indexOf('/') != p.lastIndexOf('/'))
                ? weightPaths : null;
        Map<String, Object> compile = config.get("compile_config") instanceof Map<?, ?> m
                ? Keras3Configs.map(m, "compile_config") : null;
        if (c.weights() == null) {
            if (!model.variables().isEmpty()) {
                throw new ModelFileException(path, "the archive has no " + KerasArchive.WEIGHTS
                        + " but the model has weights");
            }
            compile(path, model, compile, rules, registries);
            return model;
        }
        H5Reading r = new H5Reading(path);
        return readWeightsFile(path, c.weights(), file -> {
            Keras3Weights.read(model, file, r, false, paths);
            compile(path, model, compile, rules, registries);
            if (model.isCompiled()) {
                Group opt = H5Reading.group(file, "optimizer");
                if (opt != null) {
                    restoreOptimizer(path, model, Keras3Weights.vars(opt, "optimizer", r), ours);
                }
            }
            return model;
        });
    }

    /** The number of values all datasets of an HDF5 file hold (from their headers; no data is read). */
    static long storedValues(io.jhdf.api.Group g) {
        long total = 0;
        for (io.jhdf.api.Node n : g.getChildren().values()) {
            if (n instanceof Group child) {
                total += storedValues(child);
            } else if (n instanceof io.jhdf.api.Dataset d) {
                total += Math.max(0, d.getSize());
            }
        }
        return total;
    }

    /** The model from Keras 3's config; unregistered initializers are tolerated since weights follow. */
    static Model buildModel(Path path, Map<String, Object> keras3, Registries registries) throws ModelFileException {
        return buildModel(path, keras3, registries, -1, new java.util.HashMap<>());
    }

    /**
     * As {@link #buildModel(Path, Map, Registries)}; {@code storedValues} (if not negative) bounds
     * the sizes the config may ask for (see {@link Keras3Configs#modelFromKeras3(Map, Registries, long)});
     * nested models are spliced in and {@code weightPaths} receives each layer's group path.
     */
    static Model buildModel(Path path, Map<String, Object> keras3, Registries registries, long storedValues,
                            Map<String, String> weightPaths) throws ModelFileException {
        try (UnresolvedInitializer.Scope unknown = UnresolvedInitializer.deferUnknown()) {
            Map<String, Object> config = Keras3Configs.modelFromKeras3(keras3, registries, storedValues, weightPaths,
                    "");
            Model model = ModelConfigs.fromConfig(config, registries);
            if (!unknown.unresolved().isEmpty()) {
                LOG.warn(path + ": initializers " + new java.util.TreeSet<>(unknown.unresolved())
                        + " are not registered; the file's weights are loaded instead.");
            }
            return model;
        } catch (IndexOutOfBoundsException e) {
            // A node or tensor index (inbound_nodes, input_layers, output_layers) past what the layer has.
            throw new ModelFileException(path, KerasArchive.CONFIG + ": cannot build the model: a layer reads a node"
                    + " or tensor that its source layer does not have (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            throw new ModelFileException(path, KerasArchive.CONFIG + ": cannot build the model: " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new ModelFileException(path, KerasArchive.CONFIG + ": the model it describes does not fit in memory ("
                    + e.getMessage() + ")");
        }
    }

    static void compile(Path path, Model model, Map<String, Object> compile, Map<String, Object> rules,
                        Registries registries) throws ModelFileException {
        // Keras 3 writes compile_config {} for a model that was never compiled.
        if (compile == null || compile.isEmpty()) {
            return;
        }
        try {
            Map<String, Object> training = Keras3Configs.trainingFromKeras3(compile);
            OptimizerRules.apply(training, rules);
            TrainingConfigs.compile(model, training, registries);
        } catch (RuntimeException e) {
            throw new ModelFileException(path, KerasArchive.CONFIG + ": compile_config: cannot compile the model: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Restores Keras 3's optimizer variables ({@code iterations, learning_rate, slots}). State from
     * Keras that does not fit is dropped with a warning (as Keras does); Athanor's own must fit.
     */
    static void restoreOptimizer(Path path, Model model, List<INDArray> k3, boolean ours) throws ModelFileException {
        if (k3.isEmpty()) {
            return;
        }
        Optimizer opt = model.optimizer();
        List<Variable> params = model.trainableVariables();
        boolean schedule = opt.config().get("learning_rate") instanceof Map;
        INDArray[] lr = new INDArray[1];
        try {
            List<INDArray> values = Keras3Weights.optimizerFromKeras3(opt.registryName(), k3, params.size(),
                    schedule, lr);
            opt.setWeights(params, values);
            if (lr[0] != null) {
                opt.setLearningRate(lr[0].getDouble(0));
            }
        } catch (RuntimeException e) {
            if (ours) {
                throw new ModelFileException(path, "the optimizer state does not fit the optimizer: " + e.getMessage(),
                        e);
            }
            LOG.warn(path + ": could not restore the optimizer state (" + e.getMessage()
                    + "); starting with a freshly initialized optimizer.");
        }
    }

    /** The optimizer options Athanor recorded in metadata.json (see {@link OptimizerRules}). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> optimizerOptions(Path path, Map<String, Object> metadata)
            throws ModelFileException {
        Object o = metadata.get(OptimizerRules.KEY);
        if (o == null) {
            return Map.of();
        }
        if (!(o instanceof Map<?, ?> m)) {
            throw new ModelFileException(path, KerasArchive.METADATA + ": " + OptimizerRules.KEY
                    + " must be a JSON object; found: " + o);
        }
        return (Map<String, Object>) m;
    }

    private static boolean checkMetadata(Path path, Map<String, Object> m) throws ModelFileException {
        if (m.isEmpty()) {
            return false;
        }
        Object kv = m.get("keras_version");
        if (kv instanceof String v && !v.startsWith("3.")) {
            LOG.warn(path + ": written by Keras " + v + "; this reader follows Keras 3's format.");
        }
        Object fv = m.get("athanor_format_version");
        if (fv == null) {
            return false;
        }
        if (!(fv instanceof Number n)) {
            throw new ModelFileException(path, "athanor_format_version in metadata.json is not a number: " + fv);
        }
        if (n.longValue() > FORMAT_VERSION) {
            throw new ModelFileException(path, "it was written by a newer Athanor (format version " + n + "; this"
                    + " version reads up to " + FORMAT_VERSION + "). Upgrade Athanor to load it.");
        }
        return true;
    }

    private static Map<String, Object> json(Path path, byte[] bytes, String entry) throws ModelFileException {
        try {
            return ModelConfigs.parseJson(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(path, entry + " is not a JSON object: " + e.getMessage(), e);
        }
    }

    /** A read step over the weights file; failures become {@link ModelFileException}s. */
    @FunctionalInterface
    interface WeightsRead<T> {
        T run(HdfFile file) throws IOException;
    }

    /** Opens HDF5 bytes (from memory: nothing is written to disk) and runs {@code body}. */
    static <T> T readWeightsFile(Path path, byte[] bytes, WeightsRead<T> body) throws ModelFileException {
        try (HdfFile file = HdfFile.fromBytes(bytes)) {
            return body.run(file);
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFileException(path, KerasArchive.WEIGHTS + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ModelFileException(path, KerasArchive.WEIGHTS + " is not a readable HDF5 file (corrupt or"
                    + " truncated?): " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } catch (OutOfMemoryError | StackOverflowError e) {
            throw new ModelFileException(path, KerasArchive.WEIGHTS + ": corrupt HDF5 structure ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    // ------------------------------------------------------------------ saving

    @Override
    public void save(Model model, Path path, SaveOptions options) throws IOException {
        byte[] config;
        byte[] weights;
        Map<String, Object> rules = Map.of();
        try {
            if (model.isCompiled()) {
                Optimizer opt = model.optimizer();
                rules = OptimizerRules.split(opt.registryName(), new LinkedHashMap<>(opt.config()), true);
                if (!rules.isEmpty()) {
                    LOG.warn(path + ": this " + opt.registryName() + " follows tf.keras 2.6's rule (epsilon outside"
                            + " the square root); Keras 3 trains on by its own rule (inside), Athanor by the saved"
                            + " one. For one rule in both, compile with epsilonInsideSqrt(true).");
                }
            }
            Map<String, Object> top = Keras3Configs.modelToKeras3(model);
            if (model.isCompiled()) {
                top.put("compile_config", Keras3Configs.compileToKeras3(TrainingConfigs.of(model)));
            }
            config = ModelConfigs.writeJson(top).getBytes(StandardCharsets.UTF_8);
            boolean withOptimizer = options.includeOptimizer() && model.isCompiled();
            weights = AtomicH5Write.toBytes(f -> {
                Keras3Weights.write(f, model);
                if (withOptimizer) {
                    writeOptimizer(f, model);
                }
            });
        } catch (RuntimeException e) {
            throw new ModelFileException(path, "cannot save as a Keras 3 model: " + e.getMessage(), e);
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("keras_version", KERAS_VERSION);
        meta.put("date_saved", LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern(
                "yyyy-MM-dd@HH:mm:ss")));
        meta.put("athanor_version", H5Format.ATHANOR_VERSION);
        meta.put("athanor_format_version", FORMAT_VERSION);
        if (!rules.isEmpty()) {
            meta.put(OptimizerRules.KEY, rules);
        }
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        KerasArchive.write(zip, ModelConfigs.writeJson(meta).getBytes(StandardCharsets.UTF_8), config, weights);
        AtomicH5Write.writeBytes(path, options.overwrite(), zip.toByteArray());
    }

    /**
     * Keras 3's optimizer variables. An optimizer that has not taken a step has no state; nothing
     * is written then, and Keras starts fresh too (it warns that the optimizer was not built).
     */
    static void writeOptimizer(WritableGroup root, Model model) {
        Optimizer opt = model.optimizer();
        List<Variable> params = model.trainableVariables();
        if (opt.weights().isEmpty()) {
            return;
        }
        List<INDArray> athanor = new ArrayList<>();
        for (Variable v : opt.weights()) {
            athanor.add(v.value());
        }
        boolean schedule = opt.config().get("learning_rate") instanceof Map;
        List<INDArray> k3 = Keras3Weights.optimizerToKeras3(opt.registryName(), athanor, params.size(),
                schedule ? null : Keras3Weights.learningRateScalar(opt));
        WritableGroup vars = root.putGroup("optimizer").putGroup("vars");
        vars.putAttribute("name", String.valueOf(opt.config().getOrDefault("name", opt.registryName())));
        for (int i = 0; i < k3.size(); i++) {
            vars.putDataset(String.valueOf(i), H5Writing.javaArray(k3.get(i), "optimizer/vars/" + i));
        }
    }

    // ------------------------------------------------------------------ weights

    @Override
    public void saveWeights(Model model, Path path) throws IOException {
        throw new ModelFileException(path, "Keras 3 saves weights alone as '.weights.h5', not '.keras': use a path"
                + " ending in .weights.h5, or model.save(path) for the whole model");
    }

    /** Loads the weights of a {@code .keras} file into {@code model} (as Keras 3's load_weights does). */
    @Override
    public WeightsLoadReport loadWeights(Model model, Path path, boolean byName, boolean skipMismatch)
            throws IOException {
        if (byName) {
            throw new ModelFileException(path, "Keras 3 files store weights by position, not by layer name;"
                    + " load them with byName=false");
        }
        KerasArchive.Contents c = KerasArchive.read(path);
        if (c.weights() == null) {
            throw new ModelFileException(path, "the archive has no " + KerasArchive.WEIGHTS);
        }
        H5Reading r = new H5Reading(path);
        return readWeightsFile(path, c.weights(), file -> Keras3Weights.read(model, file, r, skipMismatch, null));
    }
}
