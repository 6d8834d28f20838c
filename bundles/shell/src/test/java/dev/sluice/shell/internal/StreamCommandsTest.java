package dev.sluice.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.SluiceException;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.management.StreamState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import dev.sluice.api.StreamingContext;
import dev.sluice.api.spi.Parameter;
import dev.sluice.api.spi.StreamingApplication;
import org.junit.jupiter.api.Test;

class StreamCommandsTest {

    private final FakeStreamManager streams = new FakeStreamManager().offering("network-word-count");
    private final ApplicationCatalog applications = new ApplicationCatalog();
    private final StreamCommands commands;

    StreamCommandsTest() {
        applications.addApplication(new WordCount(), Map.of(StreamingApplication.NAME, "network-word-count"));
        commands = new StreamCommands(streams, applications);
    }

    /** An application as the examples bundle writes one: two keys of its own, a 2 s batch. */
    static final class WordCount implements StreamingApplication {
        @Override
        public void define(StreamingContext ssc, Config args) {
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(Parameter.of("host", "localhost", "the server to read lines from"),
                    Parameter.of("port", "9999", "its port"));
        }

        @Override
        public Duration defaultBatchInterval() {
            return Duration.ofSeconds(2);
        }

        @Override
        public String description() {
            return "counts words";
        }
    }

    @Test
    void shouldStartWithTheKeyValueArgumentsTyped() {
        var status = commands.start("network-word-count", "port=7777", "batch=500ms");

        assertThat(status.state()).isEqualTo(StreamState.RUNNING);
        assertThat(streams.started.get("network-word-count"))
                .isEqualTo(Config.parse(List.of("port=7777", "batch=500ms")));
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
    void shouldSuggestTheClosestApplicationForAMistypedOne() {
        assertThatThrownBy(() -> commands.status(1, "netwrok-word-count"))
                .isInstanceOf(SluiceException.class)
                .hasMessage("no application 'netwrok-word-count'; did you mean network-word-count?"
                        + " (installed: network-word-count)");
        assertThatThrownBy(() -> commands.stop(false, "25"))
                .hasMessage("no application '25' (installed: network-word-count)");
    }

    @Test
    void shouldSuggestTheClosestKeyForAMistypedOneBeforeStarting() {
        assertThatThrownBy(() -> commands.start("network-word-count", "prot=7777"))
                .isInstanceOf(SluiceException.class)
                .hasMessage("unknown key 'prot' for network-word-count; did you mean port?"
                        + " (it takes host, port, batch, parallelism, checkpoint;"
                        + " stream:info network-word-count describes them)");
        assertThatThrownBy(() -> commands.start("network-word-count", "paralelism=2"))
                .hasMessageContaining("did you mean parallelism?");
        assertThat(streams.started).isEmpty();
    }

    @Test
    void shouldDescribeAnApplicationsKeysWithTypesDefaultsAndAnExample() {
        ApplicationHelp help = commands.info("network-word-count");

        assertThat(help.example()).isEqualTo("stream:start network-word-count host=localhost port=9999 batch=2s");
        String text = new TextFormatter().info(help);
        assertThat(text).startsWith("network-word-count: counts words\nbatch interval: 2s");
        assertThat(text.lines()).anySatisfy(l -> assertThat(l.split(" {2,}"))
                .containsExactly("port", "number", "9999", "its port"));
        assertThat(text.lines()).anySatisfy(l -> assertThat(l.split(" {2,}"))
                .containsExactly("batch", "duration", "-", "batch interval, e.g. 1s or 500ms"));
        assertThat(text.lines()).anySatisfy(l -> assertThat(l.split(" {2,}"))
                .containsExactly("checkpoint", "text", "-", "checkpoint directory"));
    }

    @Test
    void shouldGiveBatchesWithTheApplicationsBatchIntervalUnlessOneWasGiven() {
        assertThat(commands.batches(10, "network-word-count").batchInterval()).contains(Duration.ofSeconds(2));
        commands.start("network-word-count", "batch=250ms");
        assertThat(commands.batches(3, "network-word-count").batchInterval()).contains(Duration.ofMillis(250));
        assertThat(commands.status(1, "network-word-count").batchInterval()).contains(Duration.ofMillis(250));
        assertThatThrownBy(() -> commands.batches(0, "network-word-count"))
                .hasMessage("-n is how many batches to show and must be at least 1, got 0");
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
