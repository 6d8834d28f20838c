package dev.sluice.runtime.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.Dataset;
import dev.sluice.api.Time;
import dev.sluice.api.management.GroupMember;
import dev.sluice.api.management.GroupView;
import dev.sluice.api.management.MemberReport;
import dev.sluice.api.management.MemberRole;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.spi.GroupStatusBoard;
import dev.sluice.api.spi.GroupMembership;
import dev.sluice.api.spi.Sink;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.runtime.internal.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A stream started in a group on several containers runs on the one that leads and stands by on
 * the others; when the leader leaves, another takes over. The group here is kept in memory; the
 * Kafka one is tested with a broker and processes.
 */
class GroupTest {

    /** Members in the order they joined; the first leads. Their status board is a map of the latest reports. */
    static final class MemoryGroup implements GroupMembership {
        private final List<String> members = new ArrayList<>();
        /** Member ids in the order the board pins them, the same as they joined (one stream per container). */
        private final List<String> pinned = new ArrayList<>();
        private final Map<String, MemberReport> board = new java.util.TreeMap<>();

        @Override
        public java.util.Optional<GroupStatusBoard> statusBoard() {
            return java.util.Optional.of((group, member, config) -> {
                String id;
                synchronized (this) {
                    id = "pin " + board.size() + " of " + member;
                }
                return new GroupStatusBoard.Pin() {
                    @Override
                    public void post(MemberReport report) {
                        synchronized (MemoryGroup.this) {
                            board.put(id, report);
                        }
                    }

                    @Override
                    public GroupView view() {
                        synchronized (MemoryGroup.this) {
                            return new GroupView(group, board.entrySet().stream().map(e -> new GroupMember(e.getKey(),
                                    e.getKey().equals(id), java.util.Optional.of(e.getValue()),
                                    java.util.Optional.of(java.time.Duration.ZERO), List.of(), true, false)).toList(),
                                    java.util.Optional.empty());
                        }
                    }

                    @Override
                    public void close() {
                        synchronized (MemoryGroup.this) {
                            board.remove(id);
                        }
                    }
                };
            });
        }

        private final Map<String, Leadership> leaderships = new java.util.HashMap<>();

        @Override
        public synchronized Member join(String group, String member, Config config, Leadership leadership) {
            String id = member + "#" + members.size();
            members.add(id);
            leaderships.put(id, leadership);
            if (members.size() == 1) {
                leadership.elected();
            }
            pinned.add(id);
            return new Member() {
                @Override
                public List<String> members() {
                    synchronized (MemoryGroup.this) {
                        return List.copyOf(members);
                    }
                }

                @Override
                public void close() {
                    synchronized (MemoryGroup.this) {
                        boolean led = members.indexOf(id) == 0;
                        members.remove(id);
                        if (led && !members.isEmpty()) {
                            leaderships.get(members.get(0)).elected();
                        }
                    }
                }
            };
        }
    }

    /** One container: its own plugins, clock and streams, sharing the group and the input. */
    private final class Container {
        final StreamsTest.ChangingPlugins plugins = new StreamsTest.ChangingPlugins();
        final Streams streams = new Streams(plugins, clock);
        final LinkedBlockingQueue<String> delivered = new LinkedBlockingQueue<>();

        Container() {
            plugins.groups.put("kafka", group);
            plugins.sinks.put("collecting", new SinkProvider() {
                @Override
                public <T> Sink<T> createSink(Config config) {
                    return (Dataset<T> batch, Time time) -> delivered.add(time.millis() + " " + batch.collect());
                }
            });
            streams.addApplication("app", (ssc, args) -> ssc.queueStream(queue, true).to("collecting", Config.empty()));
        }

        StreamState state() {
            return streams.status("app").state();
        }
    }

    private final MemoryGroup group = new MemoryGroup();
    private final ManualClock clock = new ManualClock(0);
    private final ConcurrentLinkedQueue<List<String>> queue = new ConcurrentLinkedQueue<>();
    private final List<Container> containers = new ArrayList<>();

    @AfterEach
    void stopAll() {
        containers.forEach(c -> c.streams.stopAll());
    }

    private static <T> T await(String what, Supplier<T> probe, java.util.function.Predicate<T> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        T value = probe.get();
        while (!done.test(value)) {
            assertThat(System.nanoTime()).as(what + ", last seen " + value).isLessThan(deadline);
            Thread.sleep(5);
            value = probe.get();
        }
        return value;
    }

    @Test
    void theLeaderRunsTheStreamTheOthersStandByAndOneTakesOverWhenItLeaves() throws Exception {
        Config args = Config.of(Map.of("group", "counts"));
        var first = new Container();
        var second = new Container();
        containers.addAll(List.of(first, second));
        first.streams.start("app", args);
        second.streams.start("app", args);
        await("the first container runs the stream", first::state, StreamState.RUNNING::equals);
        assertThat(second.state()).isEqualTo(StreamState.STANDBY);
        assertThat(second.streams.status("app").waitingFor()).containsExactly("the lead of group 'counts'");
        assertThat(first.streams.status("app").group()).hasSize(2);

        queue.add(List.of("a"));
        clock.advance(1_000);
        assertThat(first.delivered.poll(30, TimeUnit.SECONDS)).isEqualTo("1000 [a]");

        first.streams.stop("app", true);
        await("the second container takes over", second::state, StreamState.RUNNING::equals);
        queue.add(List.of("b"));
        clock.advance(1_000);
        assertThat(second.delivered.poll(30, TimeUnit.SECONDS)).isEqualTo("2000 [b]");
        assertThat(first.delivered).isEmpty();
    }

    @Test
    void aGroupThatCannotBeJoinedFailsTheStreamSayingWhy() {
        var alone = new Container();
        containers.add(alone);
        alone.plugins.groups.put("kafka", (group, member, config, leadership) -> {
            throw new dev.sluice.api.ConfigException("a group needs the Kafka cluster that keeps it: set"
                    + " group.brokers=host:port,...");
        });
        var status = alone.streams.start("app", Config.of(Map.of("group", "counts")));
        assertThat(status.state()).isEqualTo(StreamState.FAILED);
        assertThat(status.lastError()).hasValue("could not join group counts: a group needs the Kafka cluster that"
                + " keeps it: set group.brokers=host:port,...");
    }

    @Test
    void aGroupWaitsForItsPluginAndSaysWhich() {
        var alone = new Container();
        containers.add(alone);
        alone.plugins.groups.clear();
        var status = alone.streams.start("app", Config.of(Map.of("group", "counts")));
        assertThat(status.state()).isEqualTo(StreamState.WAITING);
        assertThat(status.waitingFor()).containsExactly("group plugin 'kafka'");

        alone.plugins.groups.put("kafka", group);
        alone.streams.pluginAdded();
        assertThat(alone.state()).isIn(StreamState.RUNNING, StreamState.STANDBY);
    }

    @Test
    void everyMemberPostsItsRoleAndLatestBatchAndLeavesTheBoardWhenItStops() throws Exception {
        Config args = Config.of(Map.of("group", "counts"));
        var first = new Container();
        var second = new Container();
        containers.addAll(List.of(first, second));
        first.streams.start("app", args);
        await("the first container runs the stream", first::state, StreamState.RUNNING::equals);
        second.streams.start("app", args);
        queue.add(List.of("a"));
        clock.advance(1_000);
        assertThat(first.delivered.poll(30, TimeUnit.SECONDS)).isEqualTo("1000 [a]");

        // the second posts as it starts (waiting), then standing by once it joined
        GroupView view = await("both members to post, the first with its batch, the second standing by",
                () -> groupOf(second), g -> g.members().size() == 2
                        && g.members().get(0).report().flatMap(MemberReport::lastBatch).isPresent()
                        && g.members().get(1).report().map(MemberReport::role).equals(
                                java.util.Optional.of(MemberRole.STANDING_BY)));
        GroupMember running = view.members().get(0);
        assertThat(running.report().orElseThrow().role()).isEqualTo(MemberRole.RUNNING);
        assertThat(running.report().orElseThrow().lastBatch()).contains(Time.of(1_000));
        assertThat(running.report().orElseThrow().delays()).isPresent();
        assertThat(running.self()).isFalse();
        GroupMember standing = view.members().get(1);
        assertThat(standing.self()).isTrue();
        assertThat(standing.report().orElseThrow().role()).isEqualTo(MemberRole.STANDING_BY);
        assertThat(standing.report().orElseThrow().lastBatch()).isEmpty();

        first.streams.stop("app", true);
        await("the member that stopped to leave the board", () -> groupOf(second),
                g -> g.members().size() == 1 && g.members().get(0).self());
    }

    private static GroupView groupOf(Container c) {
        return c.streams.status("app").groupView().orElseThrow();
    }

    @Test
    void aGroupWhosePluginKeepsNoStatusSaysSo() {
        var alone = new Container();
        containers.add(alone);
        GroupMembership noBoard = (group, member, config, leadership) -> this.group.join(group, member, config,
                leadership);
        alone.plugins.groups.put("kafka", noBoard);

        var status = alone.streams.start("app", Config.of(Map.of("group", "counts")));

        assertThat(status.groupView().orElseThrow().problem())
                .hasValue("the group plugin keeps no status of the members");
    }

    @Test
    void aGroupWithoutItsPluginShowsWhyItsMembersAreUnknownUntilThePluginComes() throws Exception {
        var alone = new Container();
        containers.add(alone);
        alone.plugins.groups.clear();

        var status = alone.streams.start("app", Config.of(Map.of("group", "counts")));

        assertThat(status.groupView().orElseThrow().problem()).hasValue("no group plugin (group plugin 'kafka') is"
                + " installed: the members' status cannot be read");
        alone.plugins.groups.put("kafka", group);
        alone.streams.pluginAdded();
        await("the member to post once the plugin came", () -> groupOf(alone), g -> g.members().size() == 1);
        assertThat(groupOf(alone).problem()).isEmpty();
    }
}
