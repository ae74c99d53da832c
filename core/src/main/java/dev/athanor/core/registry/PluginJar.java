package dev.athanor.core.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What one plugin jar declares: for each Athanor SPI, the provider classes its
 * {@code META-INF/services} file lists. Read before the jar joins a class loader, so that a corrupt
 * jar, a jar that registers nothing and two jars shipping the same provider are reported by name
 * instead of being skipped or resolved silently by class-path order.
 *
 * @param path      the jar
 * @param providers SPI interface name to the provider class names listed for it, in file order
 */
record PluginJar(Path path, Map<String, List<String>> providers) {

    private static final String SERVICES = "META-INF/services/";

    /**
     * Reads the service files of {@code jar} for the given SPI interface names.
     *
     * @throws IllegalArgumentException if the file is not a readable jar (corrupt or truncated)
     */
    static PluginJar read(Path jar, Collection<String> spis) {
        Map<String, List<String>> providers = new LinkedHashMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (String spi : spis) {
                JarEntry entry = file.getJarEntry(SERVICES + spi);
                if (entry == null) {
                    continue;
                }
                List<String> classes = new ArrayList<>();
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(file.getInputStream(entry), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        // The ServiceLoader file syntax: '#' starts a comment, blank lines are ignored.
                        int hash = line.indexOf('#');
                        String cls = (hash >= 0 ? line.substring(0, hash) : line).strip();
                        if (!cls.isEmpty()) {
                            classes.add(cls);
                        }
                    }
                }
                if (!classes.isEmpty()) {
                    providers.put(spi, List.copyOf(classes));
                }
            }
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("Plugin jar " + jar + " cannot be read as a jar (" + e.getMessage()
                    + "); it is corrupt or truncated. Rebuild it, or remove it from the plugins folder.", e);
        }
        return new PluginJar(jar, Map.copyOf(providers));
    }

    /** Whether the jar lists no provider for any Athanor SPI (typically a forgotten META-INF/services file). */
    boolean registersNothing() {
        return providers.isEmpty();
    }
}
