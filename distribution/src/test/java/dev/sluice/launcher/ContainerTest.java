package dev.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerTest {

    @TempDir
    Path home;

    private Properties saved;

    @BeforeEach
    void saveSystemProperties() throws Exception {
        saved = (Properties) System.getProperties().clone();
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve(Container.CONFIG), """
                org.osgi.framework.storage = ${sluice.home}/data/felix-cache
                felix.fileinstall.poll = 1000
                """);
    }

    @AfterEach
    void restoreSystemProperties() {
        System.setProperties(saved);
    }

    @Test
    void shouldCombineTheFileTheSystemPropertiesAndTheCommand() throws Exception {
        System.setProperty("felix.fileinstall.poll", "250");
        var run = new LaunchCommand.Run("network-word-count", List.of("port=9999"));

        Map<String, String> config = new Container(home, run, new PrintStream(PrintStream.nullOutputStream())).configuration();

        assertThat(config)
                .containsEntry("org.osgi.framework.storage", home + "/data/felix-cache")
                .containsEntry("felix.fileinstall.poll", "250")
                .containsEntry("sluice.home", home.toString())
                .containsEntry("sluice.run", "network-word-count")
                .containsEntry("sluice.run.args", "port=9999");
    }

    @Test
    void shouldGiveLoggingItsSettingsAsSystemProperties() throws Exception {
        new Container(home, new LaunchCommand.Shell(), new PrintStream(PrintStream.nullOutputStream())).configuration();

        assertThat(System.getProperty("sluice.home")).isEqualTo(home.toString());
        assertThat(System.getProperty("sluice.log.console")).isEqualTo("OFF");
    }

    @Test
    void shouldTakeTheConsoleLogLevelFromTheCommandLineThenJavaOptsThenTheModesDefault() throws Exception {
        var quiet = new PrintStream(PrintStream.nullOutputStream());

        new Container(home, new LaunchCommand.Run("app", List.of()), quiet).configuration();
        assertThat(System.getProperty("sluice.log.console")).as("run's default").isEqualTo("WARN");

        System.setProperty("sluice.log.console", "ERROR");
        new Container(home, new LaunchCommand.Run("app", List.of()), quiet).configuration();
        assertThat(System.getProperty("sluice.log.console")).as("JAVA_OPTS").isEqualTo("ERROR");

        new Container(home, new LaunchCommand.Run("app", List.of(), "INFO"), quiet).configuration();
        assertThat(System.getProperty("sluice.log.console")).as("--log-level").isEqualTo("INFO");
    }

    @Test
    void shouldRememberStreamsOnlyInTheShellAndTheBackgroundContainerThatOwnTheData() {
        var quiet = new PrintStream(PrintStream.nullOutputStream());
        var remembering = new java.util.HashMap<String, String>();
        new Container(home, new LaunchCommand.Server(), quiet).rememberStreams(remembering, true);
        assertThat(remembering).containsEntry("sluice.streams.remembered", home.resolve("data/streams").toString());

        var beside = new java.util.HashMap<String, String>();
        new Container(home, new LaunchCommand.Shell(), quiet).rememberStreams(beside, false);
        var run = new java.util.HashMap<String, String>();
        new Container(home, new LaunchCommand.Run("app", List.of()), quiet).rememberStreams(run, true);
        var exec = new java.util.HashMap<String, String>();
        new Container(home, new LaunchCommand.Exec("stream:list"), quiet).rememberStreams(exec, true);
        assertThat(beside).isEmpty();
        assertThat(run).isEmpty();
        assertThat(exec).isEmpty();
    }
}
