package dev.sluice.runtime.internal.manager;

import static dev.sluice.runtime.testkit.StreamTestKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.Dataset;
import dev.sluice.api.Time;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.InputSplit;
import dev.sluice.api.spi.Sink;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.runtime.internal.time.ManualClock;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * In a group, a stream whose inputs divide their records and whose one output commits their
 * progress runs on every member, its source and sink told the group; any other stream, or one
 * started with {@code group.share=false}, runs on the member that leads and stands by elsewhere.
 */
class SharedWorkTest {

    private final GroupTest.MemoryGroup group = new GroupTest.MemoryGroup();
    private final ManualClock clock = new ManualClock(0);
    /** The configs the sources, and the sinks, of every container were made with. */
    private final Queue<Config> sources = new ConcurrentLinkedQueue<>();
    private final Queue<Config> sinks = new ConcurrentLinkedQueue<>();
    private final List<Streams> containers = new java.util.ArrayList<>();

    @AfterEach
    void stopAll() {
        containers.forEach(Streams::stopAll);
    }

    /** A container whose source and sink say whether they share work. */
    private Streams container(boolean sourceShares, boolean sinkShares) {
        var plugins = new StreamsTest.ChangingPlugins();
        plugins.groups.put("kafka", group);
        plugins.sources.put("dividing", new SourceProvider() {
            @Override
            public boolean pollsPerBatch() {
                return true;
            }

            @Override
            public BatchSource<?> createBatchSource(Config config) {
                sources.add(config);
                return new BatchSource<String>() {
                    @Override
                    public void start(BatchSourceContext context) {
                    }

                    @Override
                    public List<InputSplit<String>> poll(Time batchTime) {
                        return List.of();
                    }
                };
            }

            @Override
            public boolean sharesWork() {
                return sourceShares;
            }
        });
        plugins.sinks.put("committing", new SinkProvider() {
            @Override
            public <T> Sink<T> createSink(Config config) {
                sinks.add(config);
                return (Dataset<T> batch, Time time) -> { };
            }

            @Override
            public boolean sharesWork() {
                return sinkShares;
            }
        });
        var streams = new Streams(plugins, clock);
        streams.addApplication("app", (ssc, args) -> ssc.sourceStream("dividing", Config.empty())
                .to("committing", Config.empty()));
        containers.add(streams);
        return streams;
    }

    @Test
    void shouldRunAStreamWhoseInputsDivideOnEveryMemberTellingItsSourceAndSinkTheGroup() throws Exception {
        Config args = Config.of(Map.of("group", "counts", "group.sessionTimeout", "7s"));
        var first = container(true, true);
        var second = container(true, true);
        assertThat(first.start("app", args).state()).isEqualTo(StreamState.RUNNING);
        assertThat(second.start("app", args).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(1_000);
        await("both sinks made", () -> sinks.size() == 2);

        assertThat(sources).hasSize(2).allSatisfy(config -> {
            assertThat(config.get(GroupMembership.SHARED_GROUP)).hasValue("counts");
            assertThat(config.get(GroupMembership.SHARED_SESSION_TIMEOUT)).hasValue("7000ms");
        });
        assertThat(sinks).allSatisfy(config -> assertThat(config.get(GroupMembership.SHARED_GROUP)).hasValue("counts"));
        // no leader is elected: the substrate's consumer group over the input is the membership
        assertThat(first.status("app").group()).isEmpty();
    }

    @Test
    void shouldRunAStreamWhoseSinkCannotCommitTheInputOnOneMemberAtATime() throws Exception {
        assertOneRunsTheOtherStandsBy(Config.of(Map.of("group", "counts")), container(true, false),
                container(true, false));
    }

    @Test
    void shouldRunAStreamWhoseSourceCannotDivideOnOneMemberAtATime() throws Exception {
        assertOneRunsTheOtherStandsBy(Config.of(Map.of("group", "counts")), container(false, true),
                container(false, true));
    }

    @Test
    void shouldRunAShareableStreamOnOneMemberAtATimeWhenGroupShareIsFalse() throws Exception {
        assertOneRunsTheOtherStandsBy(Config.of(Map.of("group", "counts", "group.share", "false")),
                container(true, true), container(true, true));
    }

    private void assertOneRunsTheOtherStandsBy(Config args, Streams first, Streams second) throws Exception {
        first.start("app", args);
        await("the first member to lead and run the stream", () -> first.status("app").state() == StreamState.RUNNING);
        assertThat(second.start("app", args).state()).isEqualTo(StreamState.STANDBY);
        assertThat(sources).isNotEmpty().noneMatch(c -> c.has(GroupMembership.SHARED_GROUP));
    }
}
