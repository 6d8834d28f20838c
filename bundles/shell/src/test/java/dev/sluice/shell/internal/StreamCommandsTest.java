package dev.sluice.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.SluiceException;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.management.StreamState;
import org.junit.jupiter.api.Test;

class StreamCommandsTest {

    private final FakeStreamManager streams = new FakeStreamManager().offering("network-word-count");
    private final StreamCommands commands = new StreamCommands(streams);

    @Test
    void shouldStartWithTheKeyValueArgumentsTyped() {
        var status = commands.start("network-word-count", "port=7777", "batch=500ms");

        assertThat(status.state()).isEqualTo(StreamState.RUNNING);
        assertThat(streams.started.get("network-word-count"))
                .isEqualTo(Config.parse(java.util.List.of("port=7777", "batch=500ms")));
    }

    @Test
    void shouldRejectAnArgumentThatIsNotKeyValueBeforeStarting() {
        assertThatThrownBy(() -> commands.start("network-word-count", "7777"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("argument '7777' is not of the form key=value");
        assertThat(streams.started).isEmpty();
    }

    @Test
    void shouldReportAStreamThatFailedToStartAsAnError() {
        streams.stateOnStart = StreamState.FAILED;
        streams.lastError = "could not define the stream: port must be a whole number, got 'x'";

        assertThatThrownBy(() -> commands.start("network-word-count", "port=x"))
                .isInstanceOf(SluiceException.class)
                .hasMessage("network-word-count failed: could not define the stream: port must be a whole number, got 'x'");
    }

    @Test
    void shouldLetTheManagersErrorForAnUnknownApplicationThrough() {
        assertThatThrownBy(() -> commands.status(1, "word-count"))
                .isInstanceOf(SluiceException.class)
                .hasMessage("no application 'word-count'; installed applications: network-word-count");
    }

    @Test
    void shouldReturnDataForTheConverterToFormat() {
        streams.plugins.add(new PluginDescription("source", "socket", "dev.sluice.source.socket"));
        commands.start("network-word-count");

        assertThat(commands.list().streams()).singleElement()
                .satisfies(s -> assertThat(s.state()).isEqualTo(StreamState.RUNNING));
        assertThat(commands.status(3, "network-word-count").batches()).isEqualTo(3);
        assertThat(commands.stop(false, "network-word-count").state()).isEqualTo(StreamState.STOPPED);
        assertThat(streams.stoppedGracefully).isFalse();
        commands.start("network-word-count");
        commands.stop(true, "network-word-count");
        assertThat(streams.stoppedGracefully).as("stream:stop --graceful").isTrue();
        assertThat(commands.plugins().plugins()).extracting(PluginDescription::type).containsExactly("socket");
    }

    @Test
    void shouldShowTheLatestCheckpointWithItsBatchTimeAndState() {
        String text = new TextFormatter().checkpoint(commands.checkpoint("network-word-count"));

        assertThat(text).contains("/var/ckpt").contains("checkpoint-000000000007").contains("7000 ms")
                .contains("6000 ms").contains("totals at 4000 ms");
        assertThat(new TextFormatter().checkpoint(dev.sluice.api.management.CheckpointStatus.none("x")))
                .isEqualTo("x has no checkpoint directory; start it with checkpoint=DIR");
    }
}
