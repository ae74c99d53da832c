package dev.athanor.plugins.example.it;

import dev.athanor.core.Callback;
import dev.athanor.core.FitOptions;
import dev.athanor.core.History;
import dev.athanor.core.Input;
import dev.athanor.core.Loss;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.Sequential;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Layer;
import dev.athanor.core.registry.Plugins;
import dev.athanor.core.registry.Registries;
import dev.athanor.datasets.Datasets;
import dev.athanor.losses.Utils;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What a host application does with a plugin folder. {@link PluginFolderIT} runs this class inside
 * a fresh class loader that holds Athanor and its dependencies but not the plugin's classes, so
 * every plugin component here comes from the jar in the folder. It refers to the plugin only by
 * registry names, as a host application would. Returns what it observed, for the IT to check.
 */
public final class IsolatedScenario {

    private static final String PLUGIN_CLASS = "dev.athanor.plugins.example.LabelSmoothingCrossentropy";

    private IsolatedScenario() {
    }

    /** Runs the scenario; {@code pluginDir} holds only the plugin jar, {@code work} is scratch space. */
    public static Map<String, Object> run(Path pluginDir, Path work) throws Exception {
        Map<String, Object> seen = new LinkedHashMap<>();
        ClassLoader host = IsolatedScenario.class.getClassLoader();
        seen.put("hostSeesPluginClass", canLoad(PLUGIN_CLASS, host));

        // Without the folder: the name is unknown.
        Registries bare = Registries.discover(host);
        seen.put("bareKnowsLoss", bare.losses().contains("label_smoothing_crossentropy"));
        try {
            Sequential m = new Sequential();
            m.registries(bare);
            m.add(new Dense(2).inputDim(3));
            m.compile("adam", "label_smoothing_crossentropy");
            seen.put("compileWithoutPlugin", "compiled");
        } catch (IllegalArgumentException e) {
            seen.put("compileWithoutPlugin", e.getMessage());
        }

        // Load the folder into the default registries, as an application's start-up would.
        ClassLoader plugins = Plugins.load(pluginDir);
        Registries r = Registries.defaults();
        Loss loss = r.losses().create("label_smoothing_crossentropy");
        seen.put("lossLoader", loss.getClass().getClassLoader() == plugins);
        seen.put("lossSource", Path.of(loss.getClass().getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        Callback budget = r.callbacks().create("TimeStopping", Map.of("seconds", 3600, "verbose", 0));
        seen.put("callbackLoader", budget.getClass().getClassLoader() == plugins);
        seen.put("callbackConfig", budget.config());

        // Train with the plugin loss and callback, save, and load back.
        Datasets.Data digits = Datasets.digits();
        INDArray y = Utils.toCategorical(digits.labels(), 10);
        Sequential model = new Sequential();
        model.add(new Dense(32).activation("relu").inputDim(64));
        model.add(new Dense(10).activation("softmax"));
        model.compile("adam", "label_smoothing_crossentropy", List.of("acc"));
        History h = model.fit(digits.x(), y, new FitOptions().epochs(3).batchSize(32).seed(2).verbose(0)
                .callbacks(budget));
        seen.put("loss", h.history().get("loss"));
        Path file = work.resolve("smoothed.h5");
        model.save(file);
        Model again = Models.load(file);
        seen.put("reloadedLossNames", again.lossNames());
        seen.put("reloadedLossLoader", again.losses().get(0).getClass().getClassLoader() == plugins);
        seen.put("evaluateBefore", model.evaluate(digits.x(), y)[0]);
        seen.put("evaluateAfter", again.evaluate(digits.x(), y)[0]);

        // The plugin's layers, by name: a VAE trained one epoch, saved and reloaded.
        INDArray x = digits.x().get(NDArrayIndex.interval(0, 200), NDArrayIndex.all());
        Model vae = vae(r);
        vae.compile("rmsprop", (Loss) null);
        History vh = vae.fit(x, null, new FitOptions().epochs(1).batchSize(50).verbose(0));
        seen.put("vaeHistoryKeys", List.copyOf(vh.history().keySet()));
        Path vaeFile = work.resolve("vae.h5");
        vae.save(vaeFile);
        Model vaeAgain = Models.load(vaeFile);
        seen.put("vaeSameOutput", vae.predict(x).equalsWithEps(vaeAgain.predict(x), 1e-6));

        // Without the jar, the saved models cannot be loaded, and the message says why.
        seen.put("loadWithoutPlugin", failureOf(file, bare));
        seen.put("loadVaeWithoutPlugin", failureOf(vaeFile, bare));
        return seen;
    }

    private static Model vae(Registries r) {
        Tensor x = Input.of(64);
        Tensor h = new Dense(16).activation("relu").apply(x);
        Tensor zMean = new Dense(2).apply(h);
        Tensor zLogVar = new Dense(2).apply(h);
        Layer sampling = r.layers().create("Sampling", Map.of("name", "z", "seed", 4));
        Tensor z = sampling.apply(zMean, zLogVar);
        Tensor decoded = new Dense(64).activation("sigmoid").apply(new Dense(16).activation("relu").apply(z));
        Layer vaeLoss = r.layers().create("CustomVariationalLayer", Map.of("name", "vae_loss"));
        return new Model(List.of(x), List.of(vaeLoss.apply(x, decoded, zMean, zLogVar)));
    }

    private static String failureOf(Path file, Registries registries) {
        try {
            Models.load(file, registries);
            return "loaded";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private static boolean canLoad(String name, ClassLoader loader) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
