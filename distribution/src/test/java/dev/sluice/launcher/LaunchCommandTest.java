package dev.sluice.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

class LaunchCommandTest {

    @Test
    void shouldStartTheInteractiveShellWithoutArguments() {
        LaunchCommand shell = LaunchCommand.parse(List.of());

        assertThat(shell).isInstanceOf(LaunchCommand.Shell.class);
        assertThat(shell.frameworkProperties()).doesNotContainKeys("sluice.run", "sluice.exec")
                .containsEntry("gosh.args", "--nointeractive").containsEntry("sluice.console", "true")
                .containsEntry("sluice.print", "log");
        assertThat(shell.logToConsole()).isEqualTo("OFF");
    }

    @Test
    void shouldRunAnApplicationWithItsArgumentsAndNoInteractiveShell() {
        LaunchCommand run = LaunchCommand.parse(List.of("run", "network-word-count", "port=9999", "batch=500ms"));

        assertThat(run).isEqualTo(new LaunchCommand.Run("network-word-count", List.of("port=9999", "batch=500ms")));
        assertThat(run.frameworkProperties())
                .containsEntry("sluice.run", "network-word-count")
                .containsEntry("sluice.run.args", "port=9999\u001fbatch=500ms")
                .containsEntry("gosh.args", "--nointeractive")
                .doesNotContainKey("sluice.log.console");
        assertThat(run.logToConsole()).isEqualTo("WARN");
    }

    @Test
    void shouldRunTheStreamAFileDeclaresWithTheKeysGivenAfterIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("words.cfg"), "source = socket\n");

        LaunchCommand run = LaunchCommand.parse(List.of("run", file.toString(), "source.port=9999"));

        assertThat(run.frameworkProperties())
                .containsEntry("sluice.run.file", file.toString())
                .containsEntry("sluice.run.args", "source.port=9999")
                .doesNotContainKey("sluice.run");
    }

    @Test
    void shouldRefuseAFileThatIsNotThere(@TempDir Path dir) {
        assertThatThrownBy(() -> LaunchCommand.parse(List.of("run", dir.resolve("wrods.cfg").toString())))
                .hasMessage("no file '" + dir.resolve("wrods.cfg") + "'; run takes an application's name or the path"
                        + " of a file that declares a stream, e.g. examples/network-word-count.cfg");
    }

    @Test
    void shouldTakeTheConsoleLogLevelForRun() {
        assertThat(LaunchCommand.parse(List.of("run", "--log-level", "info", "app", "a=1")))
                .isEqualTo(new LaunchCommand.Run("app", List.of("a=1"), "INFO"));
        assertThat(LaunchCommand.parse(List.of("run", "--log-level=debug", "app")).frameworkProperties())
                .containsEntry("sluice.log.console", "DEBUG");
        assertThatThrownBy(() -> LaunchCommand.parse(List.of("run", "--log-level", "loud", "app")))
                .hasMessage("unknown log level 'loud'; use error, warn, info, debug or off");
    }

    @Test
    void shouldExecuteOneCommandLineGivenAsOneOrManyWords() {
        assertThat(LaunchCommand.parse(List.of("exec", "stream:status network-word-count")))
                .isEqualTo(LaunchCommand.parse(List.of("exec", "stream:status", "network-word-count")));
        assertThat(LaunchCommand.parse(List.of("exec", "lb")).frameworkProperties())
                .containsEntry("sluice.exec", "lb")
                .containsEntry("gosh.args", "--nointeractive");
    }

    @Test
    void shouldRefuseToExecACommandThatStartsAStreamOnlyToStopIt() {
        assertThatThrownBy(() -> LaunchCommand.parse(List.of("exec", "stream:start network-word-count")))
                .hasMessageStartingWith("exec runs the command in a new container that stops right after it")
                .hasMessageContaining("sluice client 'stream:start network-word-count'")
                .hasMessageContaining("sluice run");
        assertThatThrownBy(() -> LaunchCommand.parse(List.of("exec", "stream:list; stream:start a")))
                .hasMessageStartingWith("exec runs");
        assertThat(LaunchCommand.parse(List.of("exec", "stream:info network-word-count")))
                .isInstanceOf(LaunchCommand.Exec.class);
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
        assertThatThrownBy(() -> LaunchCommand.parse(List.of("begin", "x")))
                .hasMessage("unknown command 'begin'; use run, exec, start, stop, status, client or help");
        assertThatThrownBy(() -> LaunchCommand.parse(List.of("shell", "x")))
                .hasMessage("unexpected 'x'; use run, exec, start, stop, status, client or help");
    }

    @Test
    void shouldKeepRunArgumentsWithWhiteSpaceWhole() {
        assertThat(LaunchCommand.parse(List.of("run", "app", "dir=/my files", "out=/tmp/a b")).frameworkProperties())
                .containsEntry("sluice.run.args", "dir=/my files\u001fout=/tmp/a b");
    }
}
