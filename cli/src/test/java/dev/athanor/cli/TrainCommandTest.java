package dev.athanor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.History;
import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.Sequential;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.registry.Registries;
import dev.athanor.core.testing.PluginJars;
import dev.athanor.core.testing.fakes.FakeSquaredError;
import dev.athanor.datasets.Datasets;
import dev.athanor.io.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** {@code athanor train} from the committed example and from JSON configs; {@code --plugins}. */
class TrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void theCommittedIrisExampleTrainsCheckpointsAndEvaluates() throws Exception {
        Path out = dir.resolve("iris");
        Run r = Run.of("train", "examples/iris.yaml", "--out", out.toString());
        assertEquals(0, r.exit(), r::toString);
        Model m = Models.load(out.resolve("model.h5"));
        assertEquals("iris_mlp", m.name());
        Files2.assertPng(out.resolve("curves.png"));
        History h = History.load(out.resolve("history.json"));
        int epochs = h.history().get("loss").size();
        assertTrue(epochs >= 16 && epochs <= 60, "EarlyStopping(patience 15) or 60 epochs: " + epochs);
        assertEquals(epochs, Files2.csv(out.resolve("training.csv"), "epoch", "loss", "val_accuracy").size());
        try (var s = Files.list(out.resolve("checkpoints"))) {
            for (Path p : s.toList()) {
                assertTrue(Models.load(p).isCompiled(), p.toString());
            }
        }
        assertTrue(r.out().matches("(?s).*Test \\(.*checkpoints/\\d\\d\\.\\d\\.\\d\\d\\.h5, reloaded\\): 30 samples - loss: .*"
                + " - accuracy: (0\\.9|1\\.0).*"), r::toString);
        assertTrue(r.err().contains("one-hot encoded to 3 classes"), r::toString);
        assertTrue(r.out().contains("TensorBoard: tensorboard --logdir " + out.resolve("logs")), r::toString);
        assertEquals(epochs, TensorBoardLogs.scalars(out.resolve("logs").resolve("train"), "epoch_loss").size());
    }

    @Test
    void lossAsClassNameAndConfigAsH5FilesStoreIt() throws Exception {
        Datasets.Data iris = Datasets.iris();
        Npy.write(dir.resolve("x.npy"), iris.x());
        Npy.write(dir.resolve("y.npy"), Nd4j.createFromArray(iris.labels()).castTo(DataType.FLOAT).reshape(-1, 1));
        String config = """
                {"model": {"class_name": "Sequential", "config": {"name": "reg", "layers": [
                    {"class_name": "Dense", "config": {"name": "o", "units": 1, "batch_input_shape": [null, 4]}}]}},
                 "compile": {"optimizer": "sgd", "loss": LOSS},
                 "data": {"x": "x.npy", "y": "y.npy"},
                 "fit": {"epochs": 1, "batch_size": 50, "seed": 3, "verbose": 0},
                 "out": "o"}
                """;
        Files.writeString(dir.resolve("obj.json"), config.replace("LOSS", "{\"class_name\": \"Huber\", \"config\": {\"delta\": 2.0}}"));
        Run ok = Run.of("train", dir.resolve("obj.json").toString());
        assertEquals(0, ok.exit(), ok::toString);
        assertEquals(2.0, ((Number) Models.load(dir.resolve("o").resolve("model.h5")).losses().get(0).config().get("delta"))
                .doubleValue(), "the saved training config keeps delta=2.0");

        Files.writeString(dir.resolve("bad.json"), config.replace("LOSS", "{\"name\": \"mse\"}"));
        Run bad = Run.of("train", dir.resolve("bad.json").toString());
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().contains("compile.loss must be a name (mse), {class_name: Huber"), bad::toString);
    }

    @Test
    void aConfigMayNotWriteOrLoadPluginsOutsideItsFolders() throws Exception {
        Datasets.Data iris = Datasets.iris();
        Path sub = Files.createDirectories(dir.resolve("cfg"));
        Npy.write(sub.resolve("x.npy"), iris.x());
        Npy.write(sub.resolve("y.npy"), Nd4j.createFromArray(iris.labels()).castTo(DataType.FLOAT).reshape(-1, 1));
        String config = """
                {"model": {"class_name": "Sequential", "config": {"name": "reg", "layers": [
                    {"class_name": "Dense", "config": {"name": "o", "units": 1, "batch_input_shape": [null, 4]}}]}},
                 "compile": {"optimizer": "sgd", "loss": "mse"},
                 "data": {"x": "x.npy", "y": "y.npy"},
                 "fit": {"epochs": 1, "batch_size": 50, "verbose": 0},
                 EXTRA}
                """;
        String[][] cases = {
            {"\"out\": \"../escaped\"", "out: ../escaped lies outside the config's folder"},
            {"\"out\": \"o\", \"plugins\": \"/tmp\"", "plugins: /tmp lies outside the config's folder"},
            {"\"out\": \"o\", \"callbacks\": [{\"name\": \"CSVLogger\", \"config\": {\"filename\": \"../../log.csv\"}}]",
                "callbacks[0] (CSVLogger).filename: ../../log.csv lies outside the output folder"},
        };
        for (String[] c : cases) {
            Files.writeString(sub.resolve("c.json"), config.replace("EXTRA", c[0]));
            Run r = Run.of("train", sub.resolve("c.json").toString());
            assertEquals(2, r.exit(), r::toString);
            assertTrue(r.err().contains(c[1]) && r.err().contains("--allow-paths-outside"), r::toString);
        }
        assertTrue(!Files.exists(dir.resolve("escaped")) && !Files.exists(dir.resolve("log.csv")));

        Files.writeString(sub.resolve("c.json"), config.replace("EXTRA", "\"out\": \"../escaped\""));
        Run allowed = Run.of("train", sub.resolve("c.json").toString(), "--allow-paths-outside");
        assertEquals(0, allowed.exit(), allowed::toString);
        assertTrue(Files.isRegularFile(dir.resolve("escaped").resolve("model.h5")));
    }

    @Test
    void jsonConfigWithNpyNpzInlineModelThenContinueFromTheH5() throws Exception {
        Datasets.Data iris = Datasets.iris();
        Npy.write(dir.resolve("x.npy"), iris.x());
        Npy.write(dir.resolve("y.npy"), Nd4j.createFromArray(iris.labels()));
        Npy.writeNpz(dir.resolve("val.npz"), Map.of("features", iris.x().get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 150, 5)).dup(), "labels",
                Nd4j.createFromArray(iris.labels()).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 150, 5)).dup()
                        .castTo(DataType.FLOAT)));
        Files.writeString(dir.resolve("first.json"), """
                {"model": {"class_name": "Sequential", "config": {"name": "inline", "layers": [
                    {"class_name": "Dense", "config": {"name": "h", "units": 8, "activation": "tanh",
                                                      "batch_input_shape": [null, 4]}},
                    {"class_name": "Dense", "config": {"name": "o", "units": 3, "activation": "softmax"}}]}},
                 "compile": {"optimizer": "rmsprop", "loss": "categorical_crossentropy", "metrics": ["acc"]},
                 "data": {"x": "x.npy", "y": "y.npy", "validation": {"path": "val.npz", "x": "features", "y": "labels"}},
                 "fit": {"epochs": 3, "batch_size": 10, "seed": 3, "verbose": 0},
                 "callbacks": [{"name": "HistoryWriter", "config": {"path": "writer.json"}}],
                 "out": "first-out"}
                """);
        Run first = Run.of("train", dir.resolve("first.json").toString());
        assertEquals(0, first.exit(), first::toString);
        Path out = dir.resolve("first-out");
        assertEquals(List.of("loss", "acc", "val_loss", "val_acc"),
                List.copyOf(History.load(out.resolve("history.json")).history().keySet()));
        assertEquals(3, History.load(out.resolve("writer.json")).history().get("loss").size());

        Files.writeString(dir.resolve("second.yml"), """
                model: first-out/model.h5      # compiled, with its optimizer state
                data: {x: x.npy, y: y.npy}
                fit: {epochs: 5, initial_epoch: 3, batch_size: 10, seed: 3, verbose: 0}
                """);
        Run second = Run.of("train", dir.resolve("second.yml").toString(), "--out", dir.resolve("second-out").toString());
        assertEquals(0, second.exit(), second::toString);
        History h = History.load(dir.resolve("second-out/history.json"));
        assertEquals(List.of(3, 4), h.epochs());
        assertEquals("RMSprop", Models.load(dir.resolve("second-out/model.h5")).optimizer().registryName());
    }

    @Test
    void pluginsFolderProvidesALossForTrainAndInspect() throws Exception {
        Path h5 = dir.resolve("needs-plugin.h5");
        Sequential m = new Sequential();
        m.add(new Dense(3).activation("softmax").inputDim(4).name("out"));
        m.compile("sgd", new FakeSquaredError(), List.of());
        m.save(h5);
        if (!Registries.defaults().losses().contains("fake_squared_error")) { // another test in this JVM may have loaded it
            Run missing = Run.of("inspect", h5.toString());
            assertEquals(1, missing.exit(), missing::toString);
            assertTrue(missing.out().matches("(?s).*loss +fake_squared_error +MISSING - Unknown loss 'fake_squared_error'\\..*"
                    + "If a plugin provides it.*"), missing::toString);
            assertTrue(missing.out().contains("Summary unavailable: 1 component(s) missing"), missing::toString);
        }

        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.write(plugins.resolve("fake-loss.jar"), Map.of("dev.athanor.core.Loss",
                FakeSquaredError.class.getName()), FakeSquaredError.class);
        Datasets.Data iris = Datasets.iris();
        Npy.write(dir.resolve("x.npy"), iris.x());
        Npy.write(dir.resolve("y.npy"), Nd4j.createFromArray(iris.labels()));
        Files.writeString(dir.resolve("plugin.yaml"), """
                model: needs-plugin.h5
                compile: {optimizer: adam, loss: fse, metrics: [accuracy]}
                data: {x: x.npy, y: y.npy}
                fit: {epochs: 2, verbose: 0, validation_split: 0.2, split: shuffled}
                plugins: plugins
                """);
        Run train = Run.of("train", dir.resolve("plugin.yaml").toString(), "--out", dir.resolve("plugin-out").toString());
        assertEquals(0, train.exit(), train::toString);

        Run ok = Run.of("inspect", dir.resolve("plugin-out/model.h5").toString(), "--plugins", plugins.toString());
        assertEquals(0, ok.exit(), ok::toString);
        assertTrue(ok.out().matches("(?s).*loss +fse +installed as 'fake_squared_error' \\(" + FakeSquaredError.class.getName()
                + ".*"), ok::toString);
        assertTrue(ok.out().contains("out (Dense)"), ok::toString);
    }
}
