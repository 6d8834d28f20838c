package dev.sluice.itests.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Plugins see only the API: a source, operator or sink bundle uses the API's contracts and its own
 * libraries, never the runtime, the shell or another plugin, so it can be deployed, replaced and
 * tested on its own. Checked on the plugin jars the container ships.
 */
class PluginLayoutTest {

    /** What every plugin may use besides itself and libraries outside Sluice. */
    private static final String[] SHARED = {"dev.sluice.api..", "dev.sluice.hadoop..", "dev.sluice.kafka.."};

    @Test
    void shouldLetPluginsUseOnlyTheApi() {
        JavaClasses plugins = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the plugins' test jars (a test broker, test kits) are not what ships
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.sluice.source", "dev.sluice.operator", "dev.sluice.sink");
        Set<String> roots = new TreeSet<>();
        plugins.forEach(c -> roots.add(root(c)));
        assertThat(roots).as("the shipped plugins").contains("dev.sluice.source.socket", "dev.sluice.source.files",
                "dev.sluice.source.kafka", "dev.sluice.operator.library", "dev.sluice.sink.console",
                "dev.sluice.sink.files", "dev.sluice.sink.kafka");
        for (String root : roots) {
            classes().that().resideInAPackage(root + "..")
                    .should().onlyDependOnClassesThat(not(resideInAnyPackage("dev.sluice.."))
                            .or(resideInAnyPackage(SHARED)).or(resideInAnyPackage(root + "..")))
                    .because("a plugin uses the API's contracts and its own libraries only")
                    .check(plugins);
        }
    }

    /** {@code dev.sluice.source.socket} for every class of the socket source. */
    private static String root(JavaClass c) {
        String[] parts = c.getPackageName().split("\\.");
        return String.join(".", parts[0], parts[1], parts[2], parts[3]);
    }
}
