package dev.athanor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.athanor.callbacks.ModelCheckpoint;
import dev.athanor.callbacks.TensorBoard;
import dev.athanor.core.Callback;
import dev.athanor.core.CompileOptions;
import dev.athanor.core.FitOptions;
import dev.athanor.core.History;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.Optimizer;
import dev.athanor.core.Split;
import dev.athanor.core.registry.Registries;
import dev.athanor.core.registry.UnknownComponentException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code athanor train CONFIG}: declarative training from a YAML or JSON file (model, compile, data,
 * fit, callbacks by name). Writes model.h5, history.json and curves.png into the output folder and,
 * given test data, evaluates the best checkpoint (or the final model) on it.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train from a YAML/JSON config: model (Keras model_config .json/.yaml, or an .h5 to continue"
                + " training), compile, data (.npy, .npz, .csv with a label column), fit options, callbacks by name.", ""},
        footer = {"", "Writes into the output folder: model.h5 (final), history.json, curves.png, and what the"
                + " callbacks write (relative filepath/filename/path values are resolved there).",
                "A config is data, not a program: plugin jars load from --plugins, or from the config's 'plugins'"
                + " folder only when it lies inside the config's own folder (the jars are listed before they load);"
                + " the config's 'out' must lie inside the config's folder and callback files inside the output folder,"
                + " unless --allow-paths-outside is given.",
                "Schema and a runnable example: cli/examples/README.md (athanor train cli/examples/iris.yaml)."})
final class TrainCommand implements Callable<Integer> {

    /** Callback config keys holding file names, resolved against the output folder. */
    private static final Set<String> PATH_KEYS = Set.of("filepath", "filename", "path", "log_dir");

    @ParentCommand
    private AthanorCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "The training config (.yaml, .yml or .json).")
    private Path configFile;

    @Mixin
    private PluginOption plugins;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: the config's 'out', relative"
            + " to the config file, else ./athanor-train).")
    private Path outOption;

    @Option(names = "--allow-paths-outside", description = "Let the config's 'out', 'plugins' and callback file names"
            + " point outside the config's folder and the output folder (absolute paths, '..').")
    private boolean allowOutside;

    @Override
    public Integer call() throws Exception {
        Inputs.requireFile(spec, configFile, "CONFIG");
        TrainConfig c;
        try {
            c = TrainConfig.read(configFile);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Path base = configFile.toAbsolutePath().getParent();
        Path out = outOption != null ? outOption
                : c.out() != null ? inside(base, c.out(), "out", "the config's folder") : Path.of("athanor-train");
        if (plugins.dir() != null) {
            plugins.load(plugins.dir());
        } else if (c.plugins() != null) {
            Path folder = inside(base, c.plugins(), "plugins", "the config's folder");
            root.err().println("Loading plugin jars named by " + configFile + " from " + folder + ": "
                    + PluginOption.jarNames(folder));
            plugins.load(folder);
        }
        PrintStream o = root.out();
        Registries registries = Registries.defaults();

        Model model = model(c.model(), base);
        compile(model, c.compile(), registries);
        if (c.data() == null) {
            throw usage("the config has no 'data' section (training data: x/y files, or path + label_column).");
        }
        Streams.Sources streamed = null;
        Sample train = null;
        if (c.data().train() != null) {
            if (c.data().x() != null || c.data().y() != null || c.data().path() != null) {
                throw usage("data: give either data.train (a streamed source) or x/y/path arrays, not both.");
            }
            try {
                streamed = Streams.open(c.data().train(), base, c.fit(), "data.train");
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        } else {
            train = sample(c.data().arrays(), base, model, "data");
        }
        Sample validation = c.data().validation() == null ? null
                : sample(c.data().validation(), base, model, "data.validation");
        Sample test = c.data().test() == null ? null : sample(c.data().test(), base, model, "data.test");

        List<Callback> callbacks = callbacks(c.callbacks(), out, registries);
        FitOptions fit;
        try {
            fit = fitOptions(c.fit(), validation).out(o).callbacks(callbacks);
        } catch (IllegalArgumentException e) {
            throw usage("fit: " + e.getMessage());
        }
        o.print(model.summaryText());
        Files.createDirectories(out);
        History history;
        if (streamed != null) {
            if (streamed.validation() != null) {
                if (validation != null) {
                    throw usage("give either data.train.validation_split or data.validation, not both.");
                }
                fit.validationData(streamed.validation());
            }
            o.println("Training on " + streamed.description() + " from " + configFile);
            history = model.fit(streamed.train(), fit);
        } else {
            o.println("Training on " + train.x.size(0) + " samples from " + configFile);
            history = model.fit(train.x, train.y, fit);
        }
        for (Callback cb : callbacks) {
            if (cb instanceof TensorBoard tb) {
                Outputs.printTensorBoardHint(Path.of(tb.logDir()), o);
            }
        }

        Path finalModel = out.resolve("model.h5");
        model.save(finalModel);
        o.println("Model:   " + finalModel);
        Outputs.saveHistory(history, out, o);
        if (test != null) {
            Path evaluated = best(callbacks).orElse(finalModel);
            Model reloaded = Models.load(evaluated);
            double[] scores = reloaded.evaluate(test.x, test.y);
            o.println("Test (" + evaluated + ", reloaded): " + test.x.size(0) + " samples - "
                    + Scores.format(reloaded, scores));
        }
        return 0;
    }

    private record Sample(INDArray x, INDArray y) {
    }

    /**
     * {@code path} resolved against {@code base}; it must stay inside {@code base} (after {@code ..} and
     * symbolic links) unless --allow-paths-outside was given.
     */
    private Path inside(Path base, String path, String key, String where) {
        Path resolved = base.toAbsolutePath().resolve(path).normalize();
        if (allowOutside) {
            return resolved;
        }
        Path root = base.toAbsolutePath().normalize();
        if (!resolved.startsWith(root) || !realParent(resolved).startsWith(realParent(root.resolve("x")))) {
            throw usage(key + ": " + path + " lies outside " + where + " (" + root + "); a config may only write and"
                    + " load plugins there. Use a relative path inside it, or pass --allow-paths-outside.");
        }
        return resolved;
    }

    /** The real path of the deepest existing ancestor of {@code p}: catches a symbolic link out of the folder. */
    private static Path realParent(Path p) {
        for (Path q = p; q != null; q = q.getParent()) {
            try {
                return q.toRealPath();
            } catch (IOException e) {
                // not there yet: try its parent
            }
        }
        return p;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private Model model(JsonNode node, Path base) throws IOException {
        if (node == null || node.isNull()) {
            throw usage("the config has no 'model' (a Keras model_config .json/.yaml file, an .h5 file, or the"
                    + " model_config inline).");
        }
        try {
            if (node.isObject()) {
                return Models.fromJson(new ObjectMapper().writeValueAsString(node));
            }
            if (!node.isTextual()) {
                throw usage("'model' must be a file name or a Keras model_config object.");
            }
            Path file = ArrayFiles.resolve(base, node.asText());
            if (!Files.isRegularFile(file)) {
                throw usage("model: no such file: " + file);
            }
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".h5") || n.endsWith(".hdf5") || n.endsWith(".keras")) {
                return Models.load(file);
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (n.endsWith(".json")) {
                return Models.fromJson(text);
            }
            if (n.endsWith(".yaml") || n.endsWith(".yml")) {
                return Models.fromYaml(text);
            }
            throw usage("model: " + file + " is not .json, .yaml, .yml or .h5.");
        } catch (UnknownComponentException e) {
            throw usage("model: " + e.getMessage());
        }
    }

    private void compile(Model model, TrainConfig.Compile compile, Registries registries) {
        if (compile == null) {
            if (!model.isCompiled()) {
                throw usage("the config has no 'compile' section and the model file holds no training config:"
                        + " add compile: {optimizer: adam, loss: ..., metrics: [...]}.");
            }
            return;
        }
        if (compile.loss() == null || compile.optimizer() == null) {
            throw usage("compile needs 'optimizer' and 'loss'.");
        }
        try {
            CompileOptions options = new CompileOptions().optimizer(optimizer(compile.optimizer(), registries));
            if (compile.loss().isArray()) {
                List<Object> losses = new ArrayList<>();
                compile.loss().forEach(l -> losses.add(loss(l, registries)));
                options.losses(losses.toArray());
            } else {
                options.loss(loss(compile.loss(), registries));
            }
            if (compile.metrics() != null) {
                options.metrics(compile.metrics());
            }
            model.compile(options);
        } catch (UnknownComponentException e) {
            throw usage("compile: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw usage("compile: " + e.getMessage());
        }
    }

    /** A loss as a name, or {@code {class_name, config}} as Keras's {@code .h5} training configs store it. */
    @SuppressWarnings("unchecked")
    private Object loss(JsonNode node, Registries registries) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isObject() && node.has("class_name") && node.get("class_name").isTextual()) {
            Map<String, Object> config = node.has("config")
                    ? new ObjectMapper().convertValue(node.get("config"), Map.class) : Map.of();
            return registries.losses().create(node.get("class_name").asText(), config);
        }
        throw usage("compile.loss must be a name (mse), {class_name: Huber, config: {delta: 2.0}}, or a list of"
                + " those (one per output). Received: " + node);
    }

    @SuppressWarnings("unchecked")
    private Optimizer optimizer(JsonNode node, Registries registries) {
        if (node.isTextual()) {
            return registries.optimizers().create(node.asText());
        }
        if (node.isObject() && node.has("class_name")) {
            Map<String, Object> config = node.has("config")
                    ? new ObjectMapper().convertValue(node.get("config"), Map.class) : Map.of();
            return registries.optimizers().create(node.get("class_name").asText(), config);
        }
        throw usage("compile.optimizer must be a name (adam) or {class_name: adam, config: {learning_rate: 0.001}}.");
    }

    private Sample sample(TrainConfig.Source s, Path base, Model model, String where) throws IOException {
        INDArray x;
        INDArray y;
        try {
            if (s.path() != null) {
                Path file = ArrayFiles.resolve(base, s.path());
                String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if (!Files.isRegularFile(file)) {
                    throw usage(where + ".path: no such file: " + file);
                }
                if (n.endsWith(".csv")) {
                    CsvTable t = CsvTable.read(file);
                    int label = t.column(s.labelColumn());
                    x = t.features(label);
                    y = t.column(label);
                } else if (n.endsWith(".npz")) {
                    x = ArrayFiles.fromNpz(file, s.x() == null ? "x" : s.x());
                    y = ArrayFiles.fromNpz(file, s.y() == null ? "y" : s.y());
                } else {
                    throw usage(where + ".path must be a .csv (with label_column) or an .npz (with keys x, y): " + file);
                }
            } else {
                if (s.x() == null || s.y() == null) {
                    throw usage(where + " needs x and y files (or path: a .csv or .npz).");
                }
                x = ArrayFiles.read(s.x(), base);
                y = ArrayFiles.read(s.y(), base);
            }
        } catch (IllegalArgumentException e) {
            throw usage(where + ": " + e.getMessage());
        }
        Targets.Prepared prepared = Targets.prepare(y, model);
        if (prepared.note() != null) {
            root.err().println("Note (" + where + "): " + prepared.note());
        }
        return new Sample(x, prepared.y());
    }

    private List<Callback> callbacks(List<TrainConfig.CallbackSpec> specs, Path out, Registries registries) {
        List<Callback> list = new ArrayList<>();
        if (specs == null) {
            return list;
        }
        for (int i = 0; i < specs.size(); i++) {
            TrainConfig.CallbackSpec cs = specs.get(i);
            if (cs == null || cs.name() == null) {
                throw usage("callbacks[" + i + "] has no 'name' (e.g. ModelCheckpoint, CSVLogger, EarlyStopping).");
            }
            Map<String, Object> config = new LinkedHashMap<>(cs.config() == null ? Map.of() : cs.config());
            for (String k : PATH_KEYS) {
                if (config.get(k) instanceof String p) {
                    config.put(k, inside(out, p, "callbacks[" + i + "] (" + cs.name() + ")." + k, "the output folder")
                            .toString());
                }
            }
            try {
                list.add(registries.callbacks().create(cs.name(), config));
            } catch (IllegalArgumentException e) {
                throw usage("callbacks[" + i + "] (" + cs.name() + "): " + e.getMessage());
            }
        }
        return list;
    }

    private FitOptions fitOptions(TrainConfig.Fit f, Sample validation) {
        FitOptions o = new FitOptions().verbose(1);
        if (f != null) {
            if (f.epochs() != null) {
                o.epochs(f.epochs());
            }
            if (f.batchSize() != null) {
                o.batchSize(f.batchSize());
            }
            if (f.shuffle() != null) {
                o.shuffle(f.shuffle());
            }
            if (f.seed() != null) {
                o.seed(f.seed());
            }
            if (f.verbose() != null) {
                o.verbose(f.verbose());
            }
            if (f.initialEpoch() != null) {
                o.initialEpoch(f.initialEpoch());
            }
            if (f.classWeight() != null) {
                o.classWeight(f.classWeight());
            }
            if (f.validationSplit() != null && f.validationSplit() > 0) {
                if (validation != null) {
                    throw usage("give either fit.validation_split or data.validation, not both.");
                }
                Split how;
                try {
                    how = f.split() == null ? Split.TAIL : Split.valueOf(f.split().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw usage("fit.split must be tail, shuffled or stratified. Received: " + f.split());
                }
                o.validationSplit(f.validationSplit(), how);
            }
        }
        if (validation != null) {
            o.validationData(validation.x, validation.y);
        }
        return o;
    }

    /** The last file a full-model, save-best-only ModelCheckpoint wrote. */
    private static java.util.Optional<Path> best(List<Callback> callbacks) {
        for (Callback cb : callbacks) {
            if (cb instanceof ModelCheckpoint mc && !mc.savedFiles().isEmpty()
                    && Boolean.TRUE.equals(mc.config().get("save_best_only"))
                    && !Boolean.TRUE.equals(mc.config().get("save_weights_only"))) {
                return java.util.Optional.of(mc.savedFiles().get(mc.savedFiles().size() - 1));
            }
        }
        return java.util.Optional.empty();
    }
}
