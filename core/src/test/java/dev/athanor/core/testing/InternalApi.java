package dev.athanor.core.testing;

import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.athanor.core.Internal;
import java.nio.file.Path;

/**
 * The check that a module stays off core's {@link Internal} seams: no use of an {@code @Internal}
 * type, method, constructor or field. Every module other than core runs it on its own packages.
 */
public final class InternalApi {

    private InternalApi() {
    }

    /**
     * Fails, listing each use, if a main class of the module under test (its {@code target/classes},
     * Surefire's working directory being the module's folder) in one of {@code packages} (with
     * sub-packages) uses an {@code @Internal} member or type. It imports the module's folder and
     * core's classes only ({@code archunit.properties} turns off resolving everything else from the
     * class path), which keeps the check to about a second.
     */
    public static void assertNotUsedBy(String... packages) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPaths(Path.of("target", "classes"), coreClasses())
                .that(JavaClass.Predicates.resideInAnyPackage(
                        java.util.Arrays.stream(packages).map(p -> p + "..").toArray(String[]::new)));
        if (classes.isEmpty()) {
            throw new AssertionError("No classes found in " + String.join(", ", packages) + ": the check would pass vacuously.");
        }
        noClasses()
                .should().dependOnClassesThat().areAnnotatedWith(Internal.class)
                .orShould().callMethodWhere(target(annotatedWith(Internal.class)))
                .orShould().callConstructorWhere(target(annotatedWith(Internal.class)))
                .orShould().accessFieldWhere(target(annotatedWith(Internal.class)))
                .because("@Internal members are public only for athanor-core's own packages; use the public API"
                        + " (Tensor.customOp for ops of your own)")
                .check(classes);
    }

    /** Where core's main classes are (its jar or target/classes), imported so their @Internal marks are seen. */
    private static Path coreClasses() {
        try {
            return Path.of(Internal.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("Cannot locate athanor-core's classes: " + e.getMessage(), e);
        }
    }
}
