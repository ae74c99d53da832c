package dev.athanor.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Builds plugin jars during a test: given classes plus META-INF/services entries. */
public final class PluginJars {

    private PluginJars() {
    }

    /**
     * Writes a jar holding the class files of {@code classes} and one services file per entry of
     * {@code services} (SPI interface name to provider lines).
     */
    public static Path write(Path jar, Map<String, String> services, Class<?>... classes) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            for (Class<?> c : classes) {
                String entry = c.getName().replace('.', '/') + ".class";
                j.putNextEntry(new JarEntry(entry));
                try (InputStream in = c.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IOException("class file not found: " + entry);
                    }
                    in.transferTo(j);
                }
                j.closeEntry();
            }
            for (Map.Entry<String, String> s : services.entrySet()) {
                j.putNextEntry(new JarEntry("META-INF/services/" + s.getKey()));
                j.write((s.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return jar;
    }
}
