package dev.athanor.core.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads plugin jars from a folder through their own class loader and registers what they provide.
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
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                urls.add(p.toUri().toURL());
                LOG.info("Loading plugin jar {}", p);
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
}
