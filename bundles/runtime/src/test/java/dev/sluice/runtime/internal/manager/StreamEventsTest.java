package dev.sluice.runtime.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.management.StreamEvent;
import dev.sluice.api.management.StreamEvent.Kind;
import dev.sluice.api.management.StreamStatus;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.time.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A stream's events: its waits for plugins, starts, holds and stops, in order, with the clock's time. */
class StreamEventsTest {

    private final StreamsTest.ChangingPlugins plugins = new StreamsTest.ChangingPlugins();
    private final ManualClock clock = new ManualClock(5_000);
    private final Streams streams = new Streams(plugins, clock);

    @AfterEach
    void stopAll() {
        streams.stopAll();
    }

    @Test
    void shouldRecordTheWaitsStartHoldResumeAndStopOfAStreamOnceEach() {
        streams.addApplication("app", StreamsTest.APP);
        plugins.sources.put("idle", StreamsTest.IDLE_SOURCE);
        streams.start("app", Config.empty());
        streams.pluginAdded(); // another plugin came: the stream still waits for the same one
        clock.advance(1_000);
        plugins.sinks.put("recording", new StreamsTest.RecordingSink());
        streams.pluginAdded();
        plugins.sinks.remove("recording");
        streams.pluginRemoved(PluginRef.sink("recording"));
        plugins.sinks.put("recording", new StreamsTest.RecordingSink());
        streams.pluginAdded();
        streams.stop("app");
        streams.stop("app");

        var events = streams.status("app").events();

        assertThat(events).extracting(StreamEvent::kind)
                .containsExactly(Kind.WAITING, Kind.STARTED, Kind.HELD, Kind.RESUMED, Kind.STOPPED);
        assertThat(events).extracting(StreamEvent::message).containsExactly(
                "waits for sink plugin 'recording'",
                "started with source plugin 'idle', sink plugin 'recording'",
                "holds its batches until sink plugin 'recording' returns",
                "resumed: sink plugin 'recording' returned",
                "stopped now");
        assertThat(events.get(0).time()).isEqualTo(5_000);
        assertThat(events.get(1).time()).isEqualTo(6_000);
    }

    @Test
    void shouldRecordAFailureToDefineTheStreamWithItsReason() {
        streams.addApplication("broken", (ssc, args) -> {
            throw new IllegalStateException("port must be given");
        });

        streams.start("broken", Config.empty());

        assertThat(streams.status("broken").events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.FAILED);
            assertThat(e.message()).contains("port must be given");
        });
    }

    @Test
    void shouldKeepOnlyTheLatestEvents() {
        var events = new StreamEvents("s", clock);
        for (int i = 0; i < StreamStatus.EVENTS + 5; i++) {
            events.record(Kind.WAITING, "waits for plugin " + i);
        }

        assertThat(events.list()).hasSize(StreamStatus.EVENTS);
        assertThat(events.list().get(0).message()).isEqualTo("waits for plugin 5");
    }
}
