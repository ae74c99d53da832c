package dev.athanor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The BOM names every published module of the reactor, so one imported version covers them all. */
class BomTest {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>(athanor-[^<]+)</artifactId>");
    /** Modules that are not libraries for applications: this module and the plugin-author template. */
    private static final Set<String> NOT_PUBLISHED = Set.of("athanor-examples", "athanor-plugins-example", "athanor-bom");

    private static String ownArtifactId(Path pom) throws Exception {
        String xml = Files.readString(pom);
        String withoutParent = xml.replaceAll("(?s)<parent>.*?</parent>", "");
        Matcher m = ARTIFACT.matcher(withoutParent);
        if (!m.find()) {
            throw new AssertionError("No athanor artifactId in " + pom);
        }
        return m.group(1);
    }

    @Test
    void bomListsEveryPublishedModule() throws Exception {
        Path root = Path.of("..");
        List<String> modules = new ArrayList<>();
        Matcher m = MODULE.matcher(Files.readString(root.resolve("pom.xml")).replaceAll("(?s)<profiles>.*</profiles>", ""));
        while (m.find()) {
            modules.add(m.group(1));
        }
        Set<String> published = new TreeSet<>();
        for (String module : modules) {
            String id = ownArtifactId(root.resolve(module).resolve("pom.xml"));
            if (!NOT_PUBLISHED.contains(id)) {
                published.add(id);
            }
        }
        Set<String> inBom = new TreeSet<>();
        Matcher b = ARTIFACT.matcher(Files.readString(root.resolve("bom/pom.xml")).replaceAll(
                "(?s)^.*?<dependencyManagement>", ""));
        while (b.find()) {
            inBom.add(b.group(1));
        }
        assertEquals(published, inBom, "bom/pom.xml must list every published module of the reactor");
    }
}
