package dev.athanor.plugins.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built plugin jar, alone in an empty folder, loaded with {@code Plugins.load} by a host that
 * does not otherwise see the plugin: runs after {@code package} (maven-failsafe-plugin), so
 * {@code OMP_WAIT_POLICY=PASSIVE mvn verify} tests the jar that ships.
 *
 * <p>The host is a new class loader over this JVM's class path minus the plugin's classes (the
 * jar and target/classes), whose parent is the platform loader: nothing of the plugin is reachable
 * except through the folder. This class itself touches neither Athanor nor ND4J, so ND4J's native
 * libraries are loaded once, by the host.
 */
class PluginFolderIT {

    @Test
    @SuppressWarnings("unchecked")
    void theBuiltJarWorksFromAPluginsFolderAndItsAbsenceIsExplained(@TempDir Path tmp) throws Exception {
        Path jar = Path.of(System.getProperty("athanor.plugin.jar", "target/missing.jar")).toAbsolutePath();
        Path classes = Path.of(System.getProperty("athanor.plugin.classes", "target/classes")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the plugin jar " + jar + " is missing: run `mvn verify`"
                + " (the jar is built by `package`, before this test)");
        Path folder = Files.createDirectory(tmp.resolve("plugins"));
        Files.copy(jar, folder.resolve(jar.getFileName()));
        Path work = Files.createDirectory(tmp.resolve("work"));

        Map<String, Object> seen;
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader host = new URLClassLoader("host-without-plugin", hostClassPath(jar, classes),
                ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(host);
            try {
                seen = (Map<String, Object>) host.loadClass("dev.athanor.plugins.example.it.IsolatedScenario")
                        .getMethod("run", Path.class, Path.class).invoke(null, folder, work);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception ex ? ex : e;
            }
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }

        assertEquals(false, seen.get("hostSeesPluginClass"), "the host must not see the plugin's classes");
        assertEquals(false, seen.get("bareKnowsLoss"));
        String compileError = (String) seen.get("compileWithoutPlugin");
        assertTrue(compileError.startsWith("Unknown loss 'label_smoothing_crossentropy'. It is not one of Athanor's"
                + " own losses, so a plugin provides it, and no installed plugin does: put the plugin's jar on the"
                + " class path, or in a plugins folder loaded with Plugins.load(dir). Known: "), compileError);

        assertEquals(true, seen.get("lossLoader"), "the loss must come from the folder's class loader");
        assertEquals(folder.resolve(jar.getFileName()).toString(), seen.get("lossSource"));
        assertEquals(true, seen.get("callbackLoader"));
        assertEquals(Map.of("seconds", 3600.0, "verbose", 0), seen.get("callbackConfig"));
        List<Double> loss = (List<Double>) seen.get("loss");
        assertEquals(3, loss.size());
        assertTrue(loss.get(2) < 0.7 * loss.get(0), "training with the plugin loss did not progress: " + loss);
        assertEquals(List.of("label_smoothing_crossentropy"), seen.get("reloadedLossNames"));
        assertEquals(true, seen.get("reloadedLossLoader"));
        assertEquals((Double) seen.get("evaluateBefore"), (Double) seen.get("evaluateAfter"), 1e-6);
        assertEquals(List.of("loss", "reconstruction_loss", "kl_loss"), seen.get("vaeHistoryKeys"));
        assertEquals(true, seen.get("vaeSameOutput"));

        String missingLoss = (String) seen.get("loadWithoutPlugin");
        assertTrue(missingLoss.contains("cannot compile the model from training_config: Unknown loss"
                + " 'label_smoothing_crossentropy'. It is not one of Athanor's own losses, so a plugin provides it,"
                + " and no installed plugin does: put the plugin's jar on the class path, or in a plugins folder"
                + " loaded with Plugins.load(dir)."), missingLoss);
        String missingLayer = (String) seen.get("loadVaeWithoutPlugin");
        assertTrue(missingLayer.contains("Unknown layer 'Sampling'. It is not one of Athanor's own layers, so a"
                + " plugin provides it"), missingLayer);
    }

    /** This JVM's class path without the plugin's own classes. */
    private static URL[] hostClassPath(Path jar, Path classes) throws IOException {
        List<URL> urls = new ArrayList<>();
        boolean sawTestClasses = false;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path p = Path.of(entry).toAbsolutePath().normalize();
            if (p.equals(jar.normalize()) || p.equals(classes.normalize())) {
                continue;
            }
            sawTestClasses |= p.endsWith("test-classes");
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertTrue(sawTestClasses, "unexpected test class path: " + System.getProperty("java.class.path"));
        assertFalse(urls.isEmpty());
        return urls.toArray(URL[]::new);
    }
}
