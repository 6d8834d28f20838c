package dev.sluice.runtime.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime's layout as rules that fail the build when broken; docs/architecture.md explains
 * them. Packages are listed from the top down: each may use only those below it.
 */
class RuntimeLayoutTest {

    private static final String INTERNAL = "dev.sluice.runtime.internal";

    /** Top to bottom. */
    static final List<String> LAYERS = List.of("osgi", "manager", "declared", "context", "dstream", "lifecycle",
            "checkpoint", "scheduler", "operators", "input", "output", "graph", "exec", "block", "storage", "serial",
            "plugin", "settings", "time");

    static final int MAX_LINES = 400;

    private static JavaClasses runtime;

    @BeforeAll
    static void importRuntime() {
        runtime = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sluice.runtime");
    }

    @Test
    void shouldHaveNoCyclesBetweenPackages() {
        slices().matching(INTERNAL + ".(*)..").should().beFreeOfCycles().check(runtime);
    }

    @Test
    void shouldHaveEveryPackageInALayer() {
        runtime.stream().map(c -> c.getPackageName())
                .filter(p -> p.startsWith(INTERNAL + "."))
                .map(p -> p.substring(INTERNAL.length() + 1).split("\\.")[0])
                .distinct()
                .forEach(p -> org.assertj.core.api.Assertions.assertThat(LAYERS)
                        .as("package %s.%s is in no layer of RuntimeLayoutTest.LAYERS and docs/architecture.md",
                                INTERNAL, p)
                        .contains(p));
    }

    @Test
    void shouldUseOnlyThePackagesBelow() {
        for (int i = 1; i < LAYERS.size(); i++) {
            String[] above = LAYERS.subList(0, i).stream().map(p -> INTERNAL + "." + p + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage(INTERNAL + "." + LAYERS.get(i) + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(above)
                    .because(LAYERS.get(i) + " is below " + String.join(", ", LAYERS.subList(0, i)))
                    .check(runtime);
        }
    }

    @Test
    void shouldKeepOsgiInTheOsgiLayer() {
        noClasses().that().resideOutsideOfPackage(INTERNAL + ".osgi..")
                .should().dependOnClassesThat().resideInAPackage("org.osgi..")
                .because("the engine is plain Java; only the OSGi layer wires it into the container")
                .check(runtime);
    }

    @Test
    void shouldImportNoPlugin() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.sluice.source..", "dev.sluice.sink..", "dev.sluice.examples..",
                        "dev.sluice.shell..")
                .because("the runtime finds plugins through their contracts in the API, never by their classes")
                .check(runtime);
    }

    @Test
    void shouldKeepTheGraphFreeOfInputsOutputsAndOperators() {
        noClasses().that().resideInAPackage(INTERNAL + ".graph..")
                .should().dependOnClassesThat().resideInAnyPackage(INTERNAL + ".input..", INTERNAL + ".output..",
                        INTERNAL + ".operators..")
                .because("the graph holds the logical nodes; what they do lives with each kind")
                .check(runtime);
    }

    @Test
    void shouldKeepEveryMainSourceFileUnder400Lines() throws IOException {
        Path root = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
        try (Stream<Path> files = Files.walk(root)) {
            List<String> tooLong = files
                    .filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
                            && !p.toString().contains("/target/"))
                    .filter(p -> lines(p) > MAX_LINES)
                    .map(p -> root.relativize(p) + " (" + lines(p) + " lines)")
                    .toList();
            org.assertj.core.api.Assertions.assertThat(tooLong)
                    .as("main source files over %d lines: split them by concern", MAX_LINES).isEmpty();
        }
    }

    private static long lines(Path p) {
        try (Stream<String> l = Files.lines(p)) {
            return l.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
