package dev.athanor.core.layers;

import static dev.athanor.core.testing.Asserts.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.Sequential;
import dev.athanor.core.registry.Plugins;
import dev.athanor.core.registry.Registries;
import dev.athanor.core.registry.UnknownComponentException;
import dev.athanor.core.testing.PluginJars;
import dev.athanor.core.testing.TestArrays;
import dev.athanor.core.testing.fakes.FakeRNN;
import dev.athanor.core.testing.fakes.FakeScale;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Wrappers create their inner layer through the registries that read the model (one that includes
 * a plugin folder), not through the process-wide defaults, which do not know the plugin.
 */
class WrapperPluginTest {

    /** Registries of the test class path plus a plugin folder holding FakeScale and FakeRNN. */
    private static Registries withPlugins(Path dir) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.write(plugins.resolve("fake-layers.jar"),
                Map.of(Layer.class.getName(), FakeScale.class.getName() + "\n" + FakeRNN.class.getName()),
                FakeScale.class, FakeRNN.class);
        Registries r = Registries.discover(WrapperPluginTest.class.getClassLoader());
        assertFalse(r.layers().contains("FakeScale"));
        Plugins.load(plugins, r);
        assertTrue(r.layers().contains("FakeScale") && r.layers().contains("FakeRNN"), r.layers().names().toString());
        return r;
    }

    @Test
    void timeDistributedFindsAPluginLayerThroughTheRegistriesReadingTheJson(@TempDir Path dir) throws Exception {
        Registries r = withPlugins(dir);
        Sequential model = new Sequential();
        model.add(new TimeDistributed(new FakeScale().factor(3.0)).inputShape(2, 3).name("td"));
        String json = model.toJson();

        Model loaded = Models.fromJson(json, r);
        TimeDistributed td = assertInstanceOf(TimeDistributed.class, loaded.getLayer("td"));
        assertEquals(3.0, assertInstanceOf(FakeScale.class, td.layer()).config().get("factor"));
        INDArray x = TestArrays.uniform(1, -1, 1, 4, 2, 3).castTo(DataType.FLOAT);
        assertAllClose(x.mul(3.0), loaded.predict(x), 1e-6, 1e-6);

        // The process-wide defaults have no plugin folder: the name is reported as unknown there.
        assertFalse(Registries.defaults().layers().contains("FakeScale"));
        var e = assertThrows(UnknownComponentException.class, () -> Models.fromJson(json));
        assertTrue(e.getMessage().startsWith("Unknown layer 'FakeScale'"), e.getMessage());
    }

    @Test
    void bidirectionalCopiesAPluginRecurrentLayerFromTheInstanceOrFromTheRegistries(@TempDir Path dir)
            throws Exception {
        Registries r = withPlugins(dir);
        // Built in code: the forward and backward copies are made from the given layer's class.
        Sequential model = new Sequential();
        model.add(new Bidirectional(new FakeRNN(2).name("frnn")).inputShape(4, 3).name("bi"));
        Bidirectional bi = (Bidirectional) model.getLayer("bi");
        assertInstanceOf(FakeRNN.class, bi.forwardLayer());
        assertInstanceOf(FakeRNN.class, bi.backwardLayer());

        Model loaded = Models.fromJson(model.toJson(), r);
        Bidirectional back = assertInstanceOf(Bidirectional.class, loaded.getLayer("bi"));
        assertInstanceOf(FakeRNN.class, back.forwardLayer());
        assertInstanceOf(FakeRNN.class, back.backwardLayer());
        loaded.setWeights(model.getWeights());
        INDArray x = TestArrays.uniform(2, -1, 1, 5, 4, 3).castTo(DataType.FLOAT);
        assertAllClose(model.predict(x), loaded.predict(x), 1e-6, 1e-6);
    }
}
