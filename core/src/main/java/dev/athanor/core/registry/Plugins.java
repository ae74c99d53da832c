package dev.athanor.core.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads plugin jars from a folder through their own class loader and registers what they provide.
 *
 * <p>Each jar's {@code META-INF/services} files are read first: a jar that cannot be read fails
 * naming it; a jar that lists no Athanor provider is loaded but reported (logged and in
 * {@link Registries#pluginWarnings()}), since it usually means a forgotten services file; and two
 * jars listing the same provider class (two versions of one plugin) fail naming both, because one
 * class loader would silently use whichever comes first.
 */
public final class Plugins {

    private static final Logger LOG = LoggerFactory.getLogger(Plugins.class);

    private Plugins() {
    }

    /** Loads every {@code *.jar} in {@code dir} into the {@link Registries#defaults() default registries}. */
    public static ClassLoader load(Path dir) {
        return load(dir, Registries.defaults());
    }

    /**
     * Loads every {@code *.jar} in {@code dir} through one new class loader (parent: the loader
     * that sees Athanor) and registers its components into {@code registries}.
     *
     * @return the plugins' class loader
     */
    public static ClassLoader load(Path dir, Registries registries) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Plugin folder " + dir + " does not exist or is not a folder.");
        }
        List<URL> urls = new ArrayList<>();
        Map<String, Path> providerJars = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                PluginJar jar = PluginJar.read(p, registries.spiNames());
                check(jar, providerJars, registries);
                urls.add(p.toUri().toURL());
                LOG.info("Loading plugin jar {} ({})", p, jar.providers());
            }
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("Bad plugin path in " + dir + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list plugin folder " + dir, e);
        }
        if (urls.isEmpty()) {
            LOG.warn("Plugin folder {} holds no .jar files.", dir);
        }
        URLClassLoader loader = new URLClassLoader("athanor-plugins:" + dir.getFileName(),
                urls.toArray(URL[]::new), Plugins.class.getClassLoader());
        registries.addClassLoader(loader);
        return loader;
    }

    private static void check(PluginJar jar, Map<String, Path> providerJars, Registries registries) {
        if (jar.registersNothing()) {
            String msg = "Plugin jar " + jar.path() + " registers nothing: it has no META-INF/services file for an"
                    + " Athanor SPI (" + String.join(", ", registries.spiNames()) + "). Add a file"
                    + " META-INF/services/<SPI interface name> listing your provider classes, one per line.";
            LOG.warn(msg);
            registries.addPluginWarning(msg);
            return;
        }
        for (Map.Entry<String, List<String>> e : jar.providers().entrySet()) {
            for (String cls : e.getValue()) {
                Path other = providerJars.putIfAbsent(cls, jar.path());
                if (other != null) {
                    throw new IllegalStateException("Plugin jars " + other + " and " + jar.path() + " both provide "
                            + cls + " (" + e.getKey() + "), probably two versions of one plugin; only one would"
                            + " be used, chosen by file order. Remove one of the jars.");
                }
            }
        }
    }
}
