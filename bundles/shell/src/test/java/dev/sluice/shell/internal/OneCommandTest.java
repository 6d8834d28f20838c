package dev.sluice.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import dev.sluice.api.ConfigException;
import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.junit.jupiter.api.Test;

class OneCommandTest {

    private final FakeTime time = new FakeTime();
    private final FakeShell shell = new FakeShell();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private final OneCommand command = new OneCommand(time, time, Duration.ofSeconds(30));

    @Test
    void shouldPrintTheFormattedResultAndSucceed() throws Exception {
        shell.result = 42;

        assertThat(run("echo 42")).isZero();
        assertThat(text(out)).isEqualTo("formatted 42\n");
        assertThat(text(err)).isEmpty();
    }

    @Test
    void shouldPrintNothingForACommandWithoutResult() throws Exception {
        assertThat(run("lb")).isZero();
        assertThat(text(out)).isEmpty();
        assertThat(shell.executed).containsExactly("lb");
    }

    @Test
    void shouldPrintOneLineOfErrorAndFail() throws Exception {
        shell.failure = new CommandNotFoundException("nosuchcommand");

        assertThat(run("nosuchcommand")).isEqualTo(1);
        assertThat(text(err)).isEqualTo("sluice: Command not found: nosuchcommand\n");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void shouldWaitForTheStreamCommandsBeforeRunningOne() throws Exception {
        time.onPause = () -> {
            if (time.pauses == 4) {
                shell.commands.add(OneCommand.STREAM_COMMAND);
            }
        };

        assertThat(run("stream:status network-word-count")).isZero();
        assertThat(time.pauses).isEqualTo(4);
        assertThat(shell.executed).containsExactly("stream:status network-word-count");
    }

    @Test
    void shouldNotWaitForTheStreamCommandsForOtherCommands() throws Exception {
        assertThat(run("lb")).isZero();
        assertThat(time.pauses).isZero();
    }

    @Test
    void shouldFailWhenTheStreamCommandsNeverCome() throws Exception {
        assertThat(run("stream:list")).isEqualTo(1);
        assertThat(text(err)).startsWith("sluice: the stream: commands are not available: no StreamManager service");
        assertThat(shell.executed).isEmpty();
    }

    @Test
    void shouldShowTheManagersMessageForABadArgument() throws Exception {
        shell.commands.add(OneCommand.STREAM_COMMAND);
        shell.failure = new ConfigException("argument 'port' is not of the form key=value");

        assertThat(run("stream:start network-word-count port")).isEqualTo(1);
        assertThat(text(err)).isEqualTo("sluice: argument 'port' is not of the form key=value\n");
    }

    private int run(String line) throws InterruptedException {
        return command.run(line, shell, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private static final class FakeShell implements OneCommand.Shell {

        final Set<String> commands = new HashSet<>();
        final List<String> executed = new ArrayList<>();
        Object result;
        Exception failure;

        @Override
        public Object execute(String line) throws Exception {
            executed.add(line);
            if (failure != null) {
                throw failure;
            }
            return result;
        }

        @Override
        public CharSequence format(Object result) {
            return "formatted " + result;
        }

        @Override
        public boolean has(String command) {
            return commands.contains(command);
        }
    }
}
