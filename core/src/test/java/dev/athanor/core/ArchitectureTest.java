package dev.athanor.core;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency directions between core's packages, as each {@code package-info.java} states
 * them. A new edge fails here with the classes involved; the only edges that run back up are the
 * facades named in {@link #FACADES}.
 */
class ArchitectureTest {

    private static final String CORE = "dev.athanor.core";

    /**
     * The only edges that run back up, each facade with the implementation packages it may call:
     * {@code Tensor}'s op methods and {@code Backend}'s (Keras's {@code K.*}) into {@code ops};
     * {@code Model}, {@code Sequential} and {@code Models} into {@code training}, {@code graph} and
     * {@code plot}; and the classes that resolve components by name into {@code registry}.
     *
     * <p>The last group is not a cycle to break but the SPI itself: {@code ModelFormat.load(Path,
     * Registries)} is the signature format plugins implement, {@code Config.registries()} is how a
     * component reads its nested components (a layer's initializers) from the registries the file
     * is being read with, and {@code Models.load(path, registries)} is user API. Moving
     * {@code Registries} to the top level would only move the edge to {@code ComponentRegistry},
     * which stays in {@code registry} with its errors.
     */
    private static final Map<String, Set<String>> FACADES = Map.of(
            CORE + ".Tensor", Set.of(CORE + ".ops"),
            CORE + ".Backend", Set.of(CORE + ".ops"),
            CORE + ".Model", Set.of(CORE + ".training", CORE + ".graph", CORE + ".plot", CORE + ".registry"),
            CORE + ".Sequential", Set.of(CORE + ".training", CORE + ".graph", CORE + ".plot"),
            CORE + ".Models", Set.of(CORE + ".training", CORE + ".graph", CORE + ".plot", CORE + ".registry"),
            CORE + ".Config", Set.of(CORE + ".registry"),
            CORE + ".Formats", Set.of(CORE + ".registry"),
            CORE + ".ModelFormat", Set.of(CORE + ".registry"));

    private static JavaClasses classes;

    @BeforeAll
    static void importCore() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(java.nio.file.Path.of("target", "classes"));
    }

    /** The facade a class belongs to (nested and anonymous classes belong to their outer class). */
    private static String outerName(JavaClass c) {
        String name = c.getName();
        int dollar = name.indexOf('$');
        return dollar < 0 ? name : name.substring(0, dollar);
    }

    @Test
    void packagesDependOnlyInTheDirectionsTheirPackageInfoStates() {
        Architectures.LayeredArchitecture rule = layeredArchitecture()
                .consideringOnlyDependenciesInAnyPackage(CORE + "..")
                .layer("api").definedBy(CORE)
                .layer("data").definedBy(CORE + ".data")
                .layer("activations").definedBy(CORE + ".activations")
                .layer("ops").definedBy(CORE + ".ops")
                .layer("ops.rnn").definedBy(CORE + ".ops.rnn")
                .layer("components").definedBy(CORE + ".initializers", CORE + ".regularizers", CORE + ".constraints")
                .layer("registry").definedBy(CORE + ".registry")
                .layer("layers").definedBy(CORE + ".layers")
                .layer("graph").definedBy(CORE + ".graph")
                .layer("training").definedBy(CORE + ".training")
                .layer("plot").definedBy(CORE + ".plot")
                .layer("inject").definedBy(CORE + ".inject")
                // The SPI interfaces and the user-facing classes: everything may use them. Only the
                // facades call down, and only the API's vocabulary types (Layer is an SPI) are shared.
                .whereLayer("api").mayOnlyAccessLayers("layers", "data")
                .whereLayer("data").mayOnlyAccessLayers("api")
                .whereLayer("activations").mayOnlyAccessLayers("api")
                .whereLayer("ops").mayOnlyAccessLayers("api", "activations")
                .whereLayer("ops.rnn").mayOnlyAccessLayers("api", "activations", "ops")
                .whereLayer("components").mayOnlyAccessLayers("api", "registry")
                .whereLayer("registry").mayOnlyAccessLayers("api", "layers")
                .whereLayer("layers").mayOnlyAccessLayers("api", "activations", "ops", "ops.rnn", "components",
                        "registry", "graph")
                .whereLayer("graph").mayOnlyAccessLayers("api", "layers", "registry")
                .whereLayer("training").mayOnlyAccessLayers("api", "data", "activations", "layers", "graph", "ops",
                        "registry")
                .whereLayer("plot").mayOnlyAccessLayers("api", "layers", "graph")
                .whereLayer("inject").mayOnlyAccessLayers("api", "layers", "registry");
        for (Map.Entry<String, Set<String>> facade : FACADES.entrySet()) {
            rule = rule.ignoreDependency(
                    describe(facade.getKey(), (JavaClass c) -> outerName(c).equals(facade.getKey())),
                    describe("classes in " + facade.getValue(),
                            (JavaClass c) -> facade.getValue().contains(c.getPackageName())));
        }
        rule.check(classes);
    }

    @Test
    void layersReachTheGraphOnlyToRecordTheirCalls() {
        // Layer.apply records a graph Node, as Keras's Layer.__call__ does; nothing else in layers may.
        ArchRule rule = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().resideInAPackage(CORE + ".layers")
                .and(describe("are not Layer or InputLayer", (JavaClass c) -> !Set.of(
                        CORE + ".layers.Layer", CORE + ".layers.InputLayer").contains(c.getName().split("\\$")[0])))
                .should().dependOnClassesThat().resideInAPackage(CORE + ".graph");
        rule.check(classes);
    }

    @Test
    void theInternalApiCheckThatOtherModulesRunCatchesAUse() {
        // core.training calls Tensor.result and other @Internal seams: the check must see them.
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> dev.athanor.core.testing.InternalApi.assertNotUsedBy(CORE + ".training"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("Internal"), e.getMessage());
    }

    @Test
    void libraryCodeLogsThroughSlf4jOnly() {
        // One logging API: System.Logger and java.util.logging bypass the application's SLF4J binding.
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.System$Logger")
                .orShould().dependOnClassesThat().resideInAPackage("java.util.logging..")
                .check(classes);
    }

    @Test
    void coreNeverDependsOnOtherAthanorModules() {
        ArchRule rule = com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that().resideInAPackage(CORE + "..")
                .should().dependOnClassesThat(describe("are in another Athanor module", (JavaClass c) ->
                        c.getPackageName().startsWith("dev.athanor.") && !c.getPackageName().startsWith(CORE)));
        rule.check(classes);
    }
}
