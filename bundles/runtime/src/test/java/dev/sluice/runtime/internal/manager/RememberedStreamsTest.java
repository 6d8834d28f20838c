package dev.sluice.runtime.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.management.StreamState;
import dev.sluice.runtime.internal.declared.DeclaredStream;
import dev.sluice.runtime.internal.declared.StreamDeclaration;
import dev.sluice.runtime.internal.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Applications started with stream:start are started again by the next container until stream:stop. */
class RememberedStreamsTest {

    @TempDir
    Path data;

    private final StreamsTest.ChangingPlugins plugins = new StreamsTest.ChangingPlugins();
    private final ManualClock clock = new ManualClock(0);
    private final List<Streams> containers = new ArrayList<>();

    @BeforeEach
    void installThePlugins() {
        plugins.sources.put("idle", StreamsTest.IDLE_SOURCE);
        plugins.sinks.put("recording", new StreamsTest.RecordingSink());
    }

    @AfterEach
    void stopEveryContainer() {
        containers.forEach(Streams::stopAll);
    }

    /** A container's streams over the same data folder, its applications arriving as at a start. */
    private Streams container() {
        var streams = new Streams(plugins, clock, RememberedStreams.in(data.resolve("streams")));
        containers.add(streams);
        streams.addApplication("app", StreamsTest.APP);
        return streams;
    }

    @Test
    void shouldStartAnApplicationAgainWithItsArgumentsAfterARestart() {
        container().start("app", Config.of(Map.of("port", "7777", "batch", "500ms")));
        containers.get(0).stopAll(); // the container stops

        var status = container().status("app");

        assertThat(status.state()).isEqualTo(StreamState.RUNNING);
        assertThat(status.arguments()).isEqualTo(Map.of("port", "7777", "batch", "500ms"));
    }

    @Test
    void shouldForgetAStreamOnStreamStop() {
        var first = container();
        first.start("app", Config.of("port", "7777"));
        first.stop("app", false);

        assertThat(container().status("app").state()).isEqualTo(StreamState.STOPPED);
        assertThat(data.resolve("streams")).isEmptyDirectory();
    }

    @Test
    void shouldKeepOneFileWithTheArgumentsPerStreamAndNoTemporaryOne() throws Exception {
        var streams = container();
        streams.start("app", Config.of("port", "7777"));
        streams.stop("app", false);
        streams.start("app", Config.of("port", "8888"));

        try (Stream<Path> files = Files.list(data.resolve("streams"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("app.args");
        }
        assertThat(Files.readString(data.resolve("streams/app.args"))).contains("port=8888")
                .doesNotContain("7777");
    }

    @Test
    void shouldNotRememberADeclaredStreamWhoseFileDeclaresItAgain() {
        var streams = container();
        var declared = new DeclaredStream(StreamDeclaration.parse("d.cfg", "d", Map.of("source", "idle",
                "outputs", "out", "sink.out", "recording")), "d.cfg");
        streams.declare("d", declared, Config.empty());
        streams.stop("d", false);
        streams.start("d", Config.empty());

        assertThat(data.resolve("streams/d.args")).doesNotExist();
    }

    @Test
    void shouldRememberNothingWithoutAFolder() {
        var streams = new Streams(plugins, clock);
        containers.add(streams);
        streams.addApplication("app", StreamsTest.APP);
        streams.start("app", Config.empty());

        assertThat(data).isEmptyDirectory();
    }
}
