package dev.athanor.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.multibindings.Multibinder;
import dev.athanor.core.Loss;
import dev.athanor.core.Tensor;
import dev.athanor.core.inject.AthanorModule;
import dev.athanor.core.testing.PluginJars;
import dev.athanor.core.testing.fakes.BrokenLoss;
import dev.athanor.core.testing.fakes.DuplicateSquaredError;
import dev.athanor.core.testing.fakes.FakeSquaredError;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery, errors, plugin folders and Guice overrides, with jars built during the test. */
class RegistryTest {

    private static final String LOSS_SPI = Loss.class.getName();

    /** A loader that sees only the jars given (parent: the platform loader plus Athanor's own classes). */
    private static ClassLoader isolated(Path... jars) throws Exception {
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            urls[i] = jars[i].toUri().toURL();
        }
        return new URLClassLoader(urls, RegistryTest.class.getClassLoader()) {
            @Override
            public java.util.Enumeration<URL> getResources(String name) throws java.io.IOException {
                // Services only from the given jars, so the test class path's own entries do not interfere.
                return name.startsWith("META-INF/services/") ? findResources(name) : super.getResources(name);
            }
        };
    }

    @Test
    void pluginFolderJarIsDiscoveredAndCreatesConfiguredInstances(@TempDir Path dir) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.write(plugins.resolve("fake.jar"), Map.of(LOSS_SPI, FakeSquaredError.class.getName()),
                FakeSquaredError.class);
        Registries r = Registries.discover(isolated());
        assertTrue(!r.losses().contains("fake_squared_error"));
        Plugins.load(plugins, r);
        Loss loss = r.losses().create("fse", Map.of("scale", 2.0));
        assertInstanceOf(FakeSquaredError.class, loss);
        assertEquals(Map.of("scale", 2.0), loss.config());
        assertEquals("fake_squared_error", r.losses().canonicalName("FSE"));
    }

    @Test
    void unknownNameListsKnownNamesAndSuggestsTheClosest(@TempDir Path dir) throws Exception {
        Path jar = PluginJars.write(dir.resolve("fake.jar"), Map.of(LOSS_SPI, FakeSquaredError.class.getName()),
                FakeSquaredError.class);
        Registries r = Registries.discover(isolated(jar));
        var e = assertThrows(UnknownComponentException.class, () -> r.losses().create("fake_squared_eror"));
        assertEquals("Unknown loss 'fake_squared_eror'. Did you mean 'fake_squared_error'? If a plugin provides it,"
                + " put the plugin's jar on the class path or load it with Plugins.load(dir)."
                + " Known: fake_squared_error, fse", e.getMessage());
    }

    @Test
    void unknownConfigKeyIsNamed(@TempDir Path dir) throws Exception {
        Path jar = PluginJars.write(dir.resolve("fake.jar"), Map.of(LOSS_SPI, FakeSquaredError.class.getName()),
                FakeSquaredError.class);
        Registries r = Registries.discover(isolated(jar));
        var e = assertThrows(IllegalArgumentException.class,
                () -> r.losses().create("fse", Map.of("scael", 2.0)));
        assertEquals("Unknown config key 'scael' for fake_squared_error. Known keys: scale.", e.getMessage());
    }

    @Test
    void unknownConfigKeysCanBeIgnoredOnPurposeButBadValuesStillFail(@TempDir Path dir) throws Exception {
        Path jar = PluginJars.write(dir.resolve("fake.jar"), Map.of(LOSS_SPI, FakeSquaredError.class.getName()),
                FakeSquaredError.class);
        Registries r = Registries.discover(isolated(jar));
        Map<String, Object> foreign = Map.of("scale", 2.0, "jit_compile", true);
        assertThrows(IllegalArgumentException.class, () -> r.losses().create("fse", foreign));
        Loss loss = r.losses().createIgnoringUnknownKeys("fse", foreign);
        assertEquals(Map.of("scale", 2.0), loss.config());
        var e = assertThrows(IllegalArgumentException.class,
                () -> r.losses().createIgnoringUnknownKeys("fse", Map.of("scale", "big")));
        assertEquals("Config key 'scale' of fake_squared_error must be a number. Received: scale=big", e.getMessage());
        assertThrows(UnknownComponentException.class, () -> r.losses().createIgnoringUnknownKeys("fsx", Map.of()));
    }

    @Test
    void absentModuleNamesTheArtifact() throws Exception {
        Registries r = Registries.discover(isolated());
        var e = assertThrows(UnknownComponentException.class, () -> r.optimizers().create("adam"));
        assertTrue(e.getMessage().startsWith("Unknown optimizer 'adam'. It is provided by dev.athanor:athanor-optimizers,"
                + " which is not on the class path: add the dependency dev.athanor:athanor-optimizers."), e.getMessage());
        var l = assertThrows(UnknownComponentException.class, () -> r.losses().create("mse"));
        assertTrue(l.getMessage().contains("dev.athanor:athanor-losses"), l.getMessage());
    }

    @Test
    void twoProvidersOfOneNameFailNamingBothClassesAndJars(@TempDir Path dir) throws Exception {
        Path a = PluginJars.write(dir.resolve("a.jar"), Map.of(LOSS_SPI, FakeSquaredError.class.getName()),
                FakeSquaredError.class);
        Path b = PluginJars.write(dir.resolve("b.jar"), Map.of(LOSS_SPI, DuplicateSquaredError.class.getName()),
                DuplicateSquaredError.class);
        var e = assertThrows(IllegalStateException.class, () -> Registries.discover(isolated(a, b)));
        assertTrue(e.getMessage().startsWith("Two loss providers claim the name 'fake_squared_error': "
                + FakeSquaredError.class.getName() + " ("), e.getMessage());
        assertTrue(e.getMessage().contains(DuplicateSquaredError.class.getName() + " ("), e.getMessage());
        assertTrue(e.getMessage().contains("Remove one of the jars"), e.getMessage());
    }

    @Test
    void brokenProviderIsLoggedAndSkippedWhileOthersWork(@TempDir Path dir) throws Exception {
        Path jar = PluginJars.write(dir.resolve("mixed.jar"), Map.of(LOSS_SPI,
                BrokenLoss.class.getName() + "\ncom.example.DoesNotExist\n" + FakeSquaredError.class.getName()),
                BrokenLoss.class, FakeSquaredError.class);
        Registries r = Registries.discover(isolated(jar));
        assertTrue(r.losses().contains("fake_squared_error"));
        assertEquals(2, r.losses().failures().size(), r.losses().failures().toString());
        assertTrue(r.losses().failures().stream().anyMatch(f -> f.contains(BrokenLoss.class.getName())
                && f.contains("broken on purpose")), r.losses().failures().toString());
        assertTrue(r.losses().failures().stream().anyMatch(f -> f.contains("com.example.DoesNotExist")),
                r.losses().failures().toString());
    }

    @Test
    void unknownNameSaysThatAProviderFailedToLoadAndWhy(@TempDir Path dir) throws Exception {
        Path jar = PluginJars.write(dir.resolve("broken.jar"), Map.of(LOSS_SPI, BrokenLoss.class.getName()),
                BrokenLoss.class);
        Registries r = Registries.discover(isolated(jar));
        var e = assertThrows(UnknownComponentException.class, () -> r.losses().create("broken"));
        assertTrue(e.getMessage().contains("Note: 1 loss provider failed to load and may be the one you want: Skipping"
                + " loss provider " + BrokenLoss.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("broken on purpose"), e.getMessage());
    }

    @Test
    void pluginJarThatRegistersNothingIsReportedByName(@TempDir Path dir) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJars.write(plugins.resolve("forgot-services.jar"), Map.of(), FakeSquaredError.class);
        Registries r = Registries.discover(isolated());
        Plugins.load(plugins, r);
        assertEquals(1, r.pluginWarnings().size(), r.pluginWarnings().toString());
        String w = r.pluginWarnings().get(0);
        assertTrue(w.startsWith("Plugin jar " + plugins.resolve("forgot-services.jar") + " registers nothing"), w);
        assertTrue(w.contains("META-INF/services/<SPI interface name>") && w.contains(LOSS_SPI), w);
    }

    @Test
    void twoVersionsOfOnePluginInTwoJarsFailNamingBoth(@TempDir Path dir) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path v1 = PluginJars.write(plugins.resolve("focal-1.0.jar"),
                Map.of(LOSS_SPI, FakeSquaredError.class.getName()), FakeSquaredError.class);
        Path v2 = PluginJars.write(plugins.resolve("focal-1.1.jar"),
                Map.of(LOSS_SPI, FakeSquaredError.class.getName()), FakeSquaredError.class);
        Registries r = Registries.discover(isolated());
        var e = assertThrows(IllegalStateException.class, () -> Plugins.load(plugins, r));
        assertEquals("Plugin jars " + v1 + " and " + v2 + " both provide " + FakeSquaredError.class.getName() + " ("
                + LOSS_SPI + "), probably two versions of one plugin; only one would be used, chosen by file order."
                + " Remove one of the jars.", e.getMessage());
    }

    @Test
    void corruptPluginJarFailsNamingIt(@TempDir Path dir) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path good = PluginJars.write(dir.resolve("good.jar"), Map.of(LOSS_SPI, FakeSquaredError.class.getName()),
                FakeSquaredError.class);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(plugins.resolve("truncated.jar"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        var e = assertThrows(IllegalArgumentException.class, () -> Plugins.load(plugins, Registries.discover(isolated())));
        assertTrue(e.getMessage().startsWith("Plugin jar " + truncated + " cannot be read as a jar ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("it is corrupt or truncated. Rebuild it, or remove it from the plugins folder."),
                e.getMessage());
    }

    /** A loss an application binds with Guice to replace the discovered one. */
    public static final class BoundLoss extends FakeSquaredError {
        @Override
        public Tensor call(Tensor yTrue, Tensor yPred) {
            return yPred.sub(yTrue).abs().mean(-1);
        }
    }

    @Test
    void guiceBindingAddsOrOverridesAComponent(@TempDir Path dir) throws Exception {
        Path jar = PluginJars.write(dir.resolve("fake.jar"), Map.of(LOSS_SPI, FakeSquaredError.class.getName()),
                FakeSquaredError.class);
        ClassLoader loader = isolated(jar);
        Registries r = Guice.createInjector(new AthanorModule(loader), new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), Loss.class).addBinding().to(BoundLoss.class);
            }
        }).getInstance(Registries.class);
        assertInstanceOf(BoundLoss.class, r.losses().create("fake_squared_error"));
        Registries plain = Guice.createInjector(new AthanorModule(loader)).getInstance(Registries.class);
        assertInstanceOf(FakeSquaredError.class, plain.losses().create("fake_squared_error"));
    }
}
