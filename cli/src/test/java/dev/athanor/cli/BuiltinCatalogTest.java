package dev.athanor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.athanor.core.Component;
import dev.athanor.core.registry.BuiltinCatalog;
import dev.athanor.core.registry.ComponentRegistry;
import dev.athanor.core.registry.Registries;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Core's catalog of what Athanor's modules provide (used to say "add dev.athanor:athanor-io" for a
 * missing name) matches what the modules really register: every catalogued name is registered by
 * the artifact the catalog names, and every name a module registers is catalogued. The cli has
 * every module on its class path.
 */
class BuiltinCatalogTest {

    private static final Map<String, String> ARTIFACT_BY_PACKAGE = Map.of(
            "dev.athanor.optimizers", "dev.athanor:athanor-optimizers",
            "dev.athanor.losses", "dev.athanor:athanor-losses",
            "dev.athanor.callbacks", "dev.athanor:athanor-callbacks",
            "dev.athanor.io", "dev.athanor:athanor-io");

    private static ComponentRegistry<?> registry(Registries r, String kind) {
        return switch (kind) {
            case "optimizer" -> r.optimizers();
            case "learning rate schedule" -> r.schedules();
            case "loss" -> r.losses();
            case "metric" -> r.metrics();
            case "callback" -> r.callbacks();
            case "model format" -> r.formats();
            default -> throw new IllegalArgumentException("catalog kind without a registry: " + kind);
        };
    }

    private static String artifactOf(Class<?> type) {
        String pkg = type.getPackageName();
        for (Map.Entry<String, String> e : ARTIFACT_BY_PACKAGE.entrySet()) {
            if (pkg.equals(e.getKey()) || pkg.startsWith(e.getKey() + ".")) {
                return e.getValue();
            }
        }
        return "dev.athanor:athanor-core";
    }

    @Test
    void everyCataloguedNameIsRegisteredByTheNamedArtifact() {
        Registries r = Registries.defaults();
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> kind : BuiltinCatalog.entries().entrySet()) {
            ComponentRegistry<?> reg = registry(r, kind.getKey());
            for (Map.Entry<String, String> e : kind.getValue().entrySet()) {
                if (!reg.contains(e.getKey())) {
                    wrong.add(kind.getKey() + " '" + e.getKey() + "': catalogued for " + e.getValue()
                            + " but nothing registers it");
                    continue;
                }
                String actual = artifactOf(reg.typeOf(e.getKey()));
                if (!actual.equals(e.getValue()) && !(kind.getKey().equals("metric")
                        && actual.equals("dev.athanor:athanor-core"))) {
                    wrong.add(kind.getKey() + " '" + e.getKey() + "': catalogued for " + e.getValue()
                            + " but registered by " + actual);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyNameTheModulesRegisterIsCatalogued() {
        Registries r = Registries.defaults();
        Map<String, Map<String, String>> catalog = BuiltinCatalog.entries();
        List<String> missing = new ArrayList<>();
        for (String kind : catalog.keySet()) {
            ComponentRegistry<?> reg = registry(r, kind);
            Map<String, String> names = new TreeMap<>(catalog.get(kind));
            for (String name : reg.names()) {
                String artifact = artifactOf(reg.typeOf(name));
                if (artifact.equals("dev.athanor:athanor-core")) {
                    continue; // core's own names never need a hint about a missing artifact
                }
                if (!names.containsKey(name.toLowerCase(Locale.ROOT))) {
                    missing.add(kind + " '" + name + "' (" + artifact + ")");
                }
            }
        }
        assertEquals(List.of(), missing, "registered by a module but missing from core's BuiltinCatalog");
    }

    /** The catalog's type is what the registry says (guards the helper above). */
    @Test
    void componentsAreComponents() {
        assertEquals(true, Component.class.isAssignableFrom(Registries.defaults().formats().typeOf("keras")));
    }
}
