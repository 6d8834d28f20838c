package dev.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LaunchCommandTest {

    @Test
    void shouldStartTheInteractiveShellWithoutArguments() {
        LaunchCommand shell = LaunchCommand.parse(List.of());

        assertThat(shell).isInstanceOf(LaunchCommand.Shell.class);
        assertThat(shell.frameworkProperties()).doesNotContainKeys("gosh.args", "sluice.run", "sluice.exec")
                .containsEntry("sluice.log.console", "OFF");
    }

    @Test
    void shouldRunAnApplicationWithItsArgumentsAndNoInteractiveShell() {
        LaunchCommand run = LaunchCommand.parse(List.of("run", "network-word-count", "port=9999", "batch=500ms"));

        assertThat(run).isEqualTo(new LaunchCommand.Run("network-word-count", List.of("port=9999", "batch=500ms")));
        assertThat(run.frameworkProperties())
                .containsEntry("sluice.run", "network-word-count")
                .containsEntry("sluice.run.args", "port=9999 batch=500ms")
                .containsEntry("gosh.args", "--nointeractive")
                .containsEntry("sluice.log.console", "INFO");
    }

    @Test
    void shouldExecuteOneCommandLineGivenAsOneOrManyWords() {
        assertThat(LaunchCommand.parse(List.of("exec", "stream:status network-word-count")))
                .isEqualTo(LaunchCommand.parse(List.of("exec", "stream:status", "network-word-count")));
        assertThat(LaunchCommand.parse(List.of("exec", "lb")).frameworkProperties())
                .containsEntry("sluice.exec", "lb")
                .containsEntry("gosh.args", "--nointeractive")
                .containsEntry("sluice.log.console", "OFF");
    }

    @Test
    void shouldRecogniseHelp() {
        assertThat(LaunchCommand.parse(List.of("--help"))).isInstanceOf(LaunchCommand.Help.class);
        assertThat(LaunchCommand.parse(List.of("help"))).isInstanceOf(LaunchCommand.Help.class);
    }

    @Test
    void shouldSayWhatIsMissingOrWrong() {
        assertThatThrownBy(() -> LaunchCommand.parse(List.of("run")))
                .hasMessage("run needs the application to run, e.g. sluice run network-word-count");
        assertThatThrownBy(() -> LaunchCommand.parse(List.of("exec", " ")))
                .hasMessage("exec needs a command, e.g. sluice exec 'stream:list'");
        assertThatThrownBy(() -> LaunchCommand.parse(List.of("start", "x")))
                .hasMessage("unknown command 'start'; use run, exec or help");
        assertThatThrownBy(() -> LaunchCommand.parse(List.of("shell", "x")))
                .hasMessage("unexpected 'x'; use run, exec or help");
    }

    @Test
    void shouldRejectRunArgumentsWithWhiteSpaceSinceTheyTravelSpaceSeparated() {
        assertThatThrownBy(() -> LaunchCommand.parse(List.of("run", "app", "path=/my files")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("argument 'path=/my files' contains white space; write key=value");
    }
}
