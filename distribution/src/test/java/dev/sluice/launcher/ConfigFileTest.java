package dev.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void shouldReplaceVariablesByKnownValuesAndOtherProperties() throws Exception {
        Path file = dir.resolve("config.properties");
        Files.writeString(file, """
                # a comment
                data = ${sluice.home}/data
                org.osgi.framework.storage = ${data}/felix-cache
                felix.fileinstall.filter = .*\\\\.cfg
                """);

        Map<String, String> config = ConfigFile.load(file, name -> name.equals("sluice.home") ? "/opt/sluice" : null);

        assertThat(config)
                .containsEntry("data", "/opt/sluice/data")
                .containsEntry("org.osgi.framework.storage", "/opt/sluice/data/felix-cache")
                .containsEntry("felix.fileinstall.filter", ".*\\.cfg");
    }

    @Test
    void shouldNameTheKeyAndVariableThatIsNotDefined() {
        assertThatThrownBy(() -> ConfigFile.substitute(Map.of("a", "${nowhere}/x"), name -> null, "config.properties"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("config.properties: a uses ${nowhere}, which is not defined");
    }

    @Test
    void shouldStopAtAPropertyThatRefersToItself() {
        assertThatThrownBy(() -> ConfigFile.substitute(Map.of("a", "${b}", "b", "${a}"), name -> null, "config.properties"))
                .hasMessageContaining("refers to itself");
    }
}
