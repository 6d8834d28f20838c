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
import dev.sluice.api.spi.KeyExchange;
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
    /** Whether the sources read several inputs of a shared stream as one. */
    private boolean sourcesJoinInputs;

    @AfterEach
    void stopAll() {
        containers.forEach(Streams::stopAll);
    }

    /** A container whose source and sink say whether they share work. */
    private Streams container(boolean sourceShares, boolean sinkShares) {
        return container(sourceShares, sinkShares, group, (ssc, args) -> ssc.sourceStream("dividing", Config.empty())
                .to("committing", Config.empty()));
    }

    /** A container running {@code app}, its source and sink sharing work, in a group kept by {@code groups}. */
    private Streams container(GroupMembership groups, dev.sluice.api.spi.StreamingApplication app) {
        return container(true, true, groups, app);
    }

    private Streams container(boolean sourceShares, boolean sinkShares, GroupMembership groups,
                              dev.sluice.api.spi.StreamingApplication app) {
        var plugins = new StreamsTest.ChangingPlugins();
        plugins.groups.put("kafka", groups);
        var dividing = new SourceProvider() {
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

            @Override
            public boolean joinsSharedInputs() {
                return sourcesJoinInputs;
            }
        };
        plugins.sources.put("dividing", dividing);
        // the same kind of source under another plugin's name: inputs of two plugins are never joined
        plugins.sources.put("dividing-too", dividing);
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
        // a sink that computes its batch, so that the keyed stages exchange their keys
        plugins.sinks.put("counting", new SinkProvider() {
            @Override
            public <T> Sink<T> createSink(Config config) {
                sinks.add(config);
                return (Dataset<T> batch, Time time) -> batch.count();
            }

            @Override
            public boolean sharesWork() {
                return sinkShares;
            }
        });
        var streams = new Streams(plugins, clock);
        streams.addApplication("app", app);
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

    @Test
    void shouldShareAStreamWithAKeyedStageWhenTheGroupExchangesKeysTellingItsSourcesTheStage() throws Exception {
        var exchanging = new ExchangingGroup(group);
        Config args = Config.of(Map.of("group", "counts"));
        var first = container(exchanging, SharedWorkTest::keyedCount);
        assertThat(first.start("app", args).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(1_000);
        await("the keyed stage to open its exchange", () -> !exchanging.opened.isEmpty());

        assertThat(sources).singleElement().satisfies(config ->
                assertThat(config.get(KeyExchange.SHUFFLES)).hasValue(exchanging.opened.peek()));
        assertThat(exchanging.opened.peek()).contains("reduceByKey").matches("[A-Za-z0-9._-]+");
    }

    @Test
    void shouldShareAStreamWithAJoinItsTwoSidesExchangedAsOneKeyedStage() throws Exception {
        var exchanging = new ExchangingGroup(group);
        dev.sluice.api.spi.StreamingApplication joined = (ssc, a) -> {
            var words = ssc.<String>sourceStream("dividing", Config.empty());
            words.mapToPair(w -> dev.sluice.api.Pair.of(w, 1L)).join(words.mapToPair(w -> dev.sluice.api.Pair.of(w,
                    w.length()))).to("committing", Config.empty());
        };
        var first = container(exchanging, joined);
        assertThat(first.start("app", Config.of(Map.of("group", "counts"))).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(1_000);
        await("the join to open its exchange", () -> !exchanging.opened.isEmpty());
        assertThat(exchanging.opened).singleElement().asString().contains("join");
    }

    @Test
    void shouldShareAGlobalCountAndReduceAsKeyedStagesWithOneKey() throws Exception {
        for (String operator : List.of("count", "reduce")) {
            var exchanging = new ExchangingGroup(group);
            dev.sluice.api.spi.StreamingApplication total = (ssc, a) -> {
                var words = ssc.<String>sourceStream("dividing", Config.empty());
                (operator.equals("count") ? words.count() : words.reduce(String::concat)).to("committing", Config.empty());
            };
            var first = container(exchanging, total);
            assertThat(first.start("app", Config.of(Map.of("group", operator))).state()).isEqualTo(StreamState.RUNNING);
            clock.advance(1_000);
            await("the " + operator + " to open its exchange", () -> !exchanging.opened.isEmpty());
            assertThat(exchanging.opened).singleElement().asString().endsWith(operator);
            first.stopAll();
            sources.clear();
        }
    }

    @Test
    void shouldRunAStreamWithAKeyedStageOnOneMemberAtATimeWhenTheGroupCannotExchangeKeys() throws Exception {
        Config args = Config.of(Map.of("group", "counts"));
        assertOneRunsTheOtherStandsBy(args, container(group, SharedWorkTest::keyedCount),
                container(group, SharedWorkTest::keyedCount));
    }

    @Test
    void shouldRunAStreamWithAWindowOnOneMemberAtATimeEvenWhenTheGroupExchangesKeys() throws Exception {
        var exchanging = new ExchangingGroup(group);
        dev.sluice.api.spi.StreamingApplication windowed = (ssc, a) -> ssc.<String>sourceStream("dividing",
                Config.empty()).window(java.time.Duration.ofSeconds(2)).to("committing", Config.empty());
        assertOneRunsTheOtherStandsBy(Config.of(Map.of("group", "counts")), container(exchanging, windowed),
                container(exchanging, windowed));
    }

    @Test
    void shouldShareAKeyedWindowItsBatchesKeptWithItsKeyPartitions() throws Exception {
        var exchanging = new ExchangingGroup(group);
        dev.sluice.api.spi.StreamingApplication windowed = (ssc, a) -> ssc.<String>sourceStream("dividing",
                Config.empty()).countByValueAndWindow(java.time.Duration.ofSeconds(4), java.time.Duration.ofSeconds(2))
                .to("committing", Config.empty());
        var first = container(exchanging, windowed);
        assertThat(first.start("app", Config.of(Map.of("group", "counts"))).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(2_000);
        await("the window to open its exchange at its first slide", () -> !exchanging.opened.isEmpty());
        assertThat(exchanging.opened).singleElement().asString().contains("reduceByKeyAndWindow");
        assertThat(sources).singleElement().satisfies(config ->
                assertThat(config.get(KeyExchange.STATE_SHUFFLES)).hasValue(exchanging.opened.peek()));
    }

    @Test
    void shouldGiveTheSourcesOfAStreamKeepingStateADirectoryForItsSnapshotsWhenItHasOne(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path snapshots) throws Exception {
        var exchanging = new ExchangingGroup(group);
        dev.sluice.api.spi.StreamingApplication windowed = (ssc, a) -> ssc.<String>sourceStream("dividing",
                Config.empty()).countByValueAndWindow(java.time.Duration.ofSeconds(4), java.time.Duration.ofSeconds(2))
                .to("committing", Config.empty());
        var first = container(exchanging, windowed);
        assertThat(first.start("app", Config.of(Map.of("group", "counts", "group.snapshots", snapshots.toString())))
                .state()).isEqualTo(StreamState.RUNNING);
        await("the source to start", () -> !sources.isEmpty());
        Config config = sources.peek();
        KeyExchange.SnapshotFiles files = config.object(KeyExchange.SNAPSHOT_FILES, KeyExchange.SnapshotFiles.class)
                .orElseThrow();
        assertThat(config.duration(KeyExchange.SNAPSHOT_INTERVAL, null)).as("the window's checkpoint interval")
                .isEqualTo(java.time.Duration.ofSeconds(10));
        files.write("stage/0/1", out -> out.write(7));
        assertThat(files.list("stage/0")).containsExactly("1");
        assertThat(java.nio.file.Files.readAllBytes(snapshots.resolve("stage/0/1"))).containsExactly(7);
        first.stopAll();

        sources.clear();
        var second = container(exchanging, windowed);
        assertThat(second.start("app", Config.of(Map.of("group", "counts"))).state()).isEqualTo(StreamState.RUNNING);
        await("the source to start", () -> !sources.isEmpty());
        assertThat(sources.peek().object(KeyExchange.SNAPSHOT_FILES, Object.class))
                .as("no checkpoint directory and no group.snapshots: no snapshots").isEmpty();
    }

    @Test
    void shouldShareACountByWindowItsOneKeyWindowedOnOneMember() throws Exception {
        var exchanging = new ExchangingGroup(group);
        dev.sluice.api.spi.StreamingApplication counted = (ssc, a) -> ssc.<String>sourceStream("dividing",
                Config.empty()).countByWindow(java.time.Duration.ofSeconds(4), java.time.Duration.ofSeconds(2))
                .to("committing", Config.empty());
        var first = container(exchanging, counted);
        assertThat(first.start("app", Config.of(Map.of("group", "counts"))).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(2_000);
        await("the window to open its exchange at its first slide", () -> !exchanging.opened.isEmpty());
        assertThat(exchanging.opened).singleElement().asString().contains("reduceByKeyAndWindow");
    }

    @Test
    void shouldShareAGroupByKeyAndWindowItsGroupedBatchesKeptWithTheirKeyPartitions() throws Exception {
        var exchanging = new ExchangingGroup(group);
        dev.sluice.api.spi.StreamingApplication grouped = (ssc, a) -> ssc.<String>sourceStream("dividing",
                Config.empty()).mapToPair(w -> dev.sluice.api.Pair.of(w, 1L))
                .groupByKeyAndWindow(java.time.Duration.ofSeconds(4), java.time.Duration.ofSeconds(2))
                .to("committing", Config.empty());
        var first = container(exchanging, grouped);
        assertThat(first.start("app", Config.of(Map.of("group", "counts"))).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(2_000);
        await("the window to open its exchange at its first slide", () -> !exchanging.opened.isEmpty());
        assertThat(exchanging.opened).singleElement().asString().contains("groupByKeyAndWindow");
        assertThat(sources).singleElement().satisfies(config ->
                assertThat(config.get(KeyExchange.STATE_SHUFFLES)).hasValue(exchanging.opened.peek()));
    }

    @Test
    void shouldShareAReduceByWindowWithoutAnInverseItsOneKeyWindowedOnOneMember() throws Exception {
        var exchanging = new ExchangingGroup(group);
        dev.sluice.api.spi.StreamingApplication reduced = (ssc, a) -> ssc.<String>sourceStream("dividing",
                Config.empty()).reduceByWindow((x, y) -> x.compareTo(y) >= 0 ? x : y, java.time.Duration.ofSeconds(4),
                java.time.Duration.ofSeconds(2)).to("committing", Config.empty());
        var first = container(exchanging, reduced);
        assertThat(first.start("app", Config.of(Map.of("group", "counts"))).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(2_000);
        await("the window to open its exchange at its first slide", () -> !exchanging.opened.isEmpty());
        assertThat(exchanging.opened).singleElement().asString().contains("reduceByKeyAndWindow");
    }

    @Test
    void shouldShareARunningCountItsStateKeptWithItsKeyPartitions() throws Exception {
        var exchanging = new ExchangingGroup(group);
        dev.sluice.api.spi.StreamingApplication running = (ssc, a) -> ssc.<String>sourceStream("dividing",
                Config.empty()).mapToPair(w -> dev.sluice.api.Pair.of(w, 1L))
                .<Long>updateStateByKey((ones, total) -> java.util.Optional.of(total.orElse(0L) + ones.size()))
                .to("committing", Config.empty());
        var first = container(exchanging, running);
        assertThat(first.start("app", Config.of(Map.of("group", "counts"))).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(1_000);
        await("the state stage to open its exchange", () -> !exchanging.opened.isEmpty());
        assertThat(exchanging.opened).singleElement().asString().contains("updateStateByKey");
        assertThat(sources).singleElement().satisfies(config -> {
            assertThat(config.get(KeyExchange.SHUFFLES)).hasValue(exchanging.opened.peek());
            assertThat(config.get(KeyExchange.STATE_SHUFFLES)).hasValue(exchanging.opened.peek());
        });
    }

    @Test
    void shouldShareAStreamWithMapWithStateItsStateKeptWithItsKeyPartitions() throws Exception {
        var exchanging = new ExchangingGroup(group);
        dev.sluice.api.spi.StreamingApplication mapped = (ssc, a) -> ssc.<String>sourceStream("dividing",
                Config.empty()).mapToPair(w -> dev.sluice.api.Pair.of(w, 1L))
                .mapWithState(dev.sluice.api.StateSpec.<String, Long, Long, Long>function((w, one, state) -> 1L))
                .to("committing", Config.empty());
        var first = container(exchanging, mapped);
        assertThat(first.start("app", Config.of(Map.of("group", "counts"))).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(1_000);
        await("the state stage to open its exchange", () -> !exchanging.opened.isEmpty());
        assertThat(exchanging.opened).singleElement().asString().contains("mapWithState");
        assertThat(sources).singleElement().satisfies(config ->
                assertThat(config.get(KeyExchange.STATE_SHUFFLES)).hasValue(exchanging.opened.peek()));
    }

    @Test
    void shouldShareTheStateSnapshotsOfAMapWithState() throws Exception {
        var exchanging = new ExchangingGroup(group);
        dev.sluice.api.spi.StreamingApplication snapshots = (ssc, a) -> ssc.<String>sourceStream("dividing",
                Config.empty()).mapToPair(w -> dev.sluice.api.Pair.of(w, 1L))
                .mapWithState(dev.sluice.api.StateSpec.<String, Long, Long, Long>function((w, one, state) -> 1L))
                .stateSnapshots().to("committing", Config.empty());
        var first = container(exchanging, snapshots);
        assertThat(first.start("app", Config.of(Map.of("group", "counts"))).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(1_000);
        await("the state stage to open its exchange", () -> !exchanging.opened.isEmpty());
        assertThat(exchanging.opened).singleElement().asString().contains("mapWithState");
    }

    @Test
    void shouldShareAStreamWhoseStateStartsFromAnInitialState() throws Exception {
        var exchanging = new ExchangingGroup(group);
        dev.sluice.api.spi.StreamingApplication mapped = (ssc, a) -> ssc.<String>sourceStream("dividing",
                Config.empty()).mapToPair(w -> dev.sluice.api.Pair.of(w, 1L))
                .mapWithState(dev.sluice.api.StateSpec.<String, Long, Long, Long>function((w, one, state) -> 1L)
                        .initialState(List.of(dev.sluice.api.Pair.of("a", 1L))))
                .to("committing", Config.empty());
        var first = container(exchanging, mapped);
        assertThat(first.start("app", Config.of(Map.of("group", "counts"))).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(1_000);
        await("the state stage to open its exchange", () -> !exchanging.opened.isEmpty());
        assertThat(exchanging.opened).singleElement().asString().contains("mapWithState");
    }

    @Test
    void shouldRunAStreamOverTwoInputsOnOneMemberAtATimeWhenTheirPluginCannotReadThemAsOne() throws Exception {
        var exchanging = new ExchangingGroup(group);
        assertOneRunsTheOtherStandsBy(Config.of(Map.of("group", "counts")),
                container(exchanging, unionCount("dividing")), container(exchanging, unionCount("dividing")));
    }

    @Test
    void shouldRunAStreamOverInputsOfTwoPluginsOnOneMemberAtATimeEvenWhenEachReadsItsOwnAsOne() throws Exception {
        sourcesJoinInputs = true;
        var exchanging = new ExchangingGroup(group);
        assertOneRunsTheOtherStandsBy(Config.of(Map.of("group", "counts")),
                container(exchanging, unionCount("dividing-too")), container(exchanging, unionCount("dividing-too")));
    }

    @Test
    void shouldShareAUnionOfTwoInputsThenAKeyedStageTellingEachSourceHowManyInputsTheStreamHas() throws Exception {
        sourcesJoinInputs = true;
        var exchanging = new ExchangingGroup(group);
        var first = container(exchanging, unionCount("dividing"));
        assertThat(first.start("app", Config.of(Map.of("group", "counts"))).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(1_000);
        await("the keyed stage to open its exchange", () -> !exchanging.opened.isEmpty());

        assertThat(sources).hasSize(2).allSatisfy(config -> {
            assertThat(config.get(GroupMembership.SHARED_INPUTS)).hasValue("2");
            assertThat(config.get(KeyExchange.SHUFFLES)).hasValue(exchanging.opened.peek());
        });
        assertThat(exchanging.opened).singleElement().asString().contains("reduceByKey");
    }

    @Test
    void shouldShareAJoinOfTwoInputsOneReadDirectlyAndOneThroughAMap() throws Exception {
        sourcesJoinInputs = true;
        var exchanging = new ExchangingGroup(group);
        dev.sluice.api.spi.StreamingApplication joined = (ssc, a) -> {
            var left = ssc.<String>sourceStream("dividing", Config.empty()).mapToPair(w -> dev.sluice.api.Pair.of(w, 1L));
            var right = ssc.<String>sourceStream("dividing", Config.empty()).map(String::toLowerCase)
                    .mapToPair(w -> dev.sluice.api.Pair.of(w, w.length()));
            left.leftOuterJoin(right).to("committing", Config.empty());
        };
        var first = container(exchanging, joined);
        var second = container(exchanging, joined);
        Config args = Config.of(Map.of("group", "counts"));
        assertThat(first.start("app", args).state()).isEqualTo(StreamState.RUNNING);
        assertThat(second.start("app", args).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(1_000);
        await("both members' joins to open their exchanges", () -> exchanging.opened.size() == 2);

        assertThat(sources).hasSize(4).allSatisfy(config -> {
            assertThat(config.get(GroupMembership.SHARED_GROUP)).hasValue("counts");
            assertThat(config.get(GroupMembership.SHARED_INPUTS)).hasValue("2");
        });
        assertThat(exchanging.opened).allSatisfy(stage -> assertThat(stage).contains("leftOuterJoin"));
    }

    @Test
    void shouldRunTwoInputsEachWithItsOwnKeyedStageJoinedOnOneMemberWhenTheGroupHandsOverOneStageAtATime() throws Exception {
        sourcesJoinInputs = true;
        var exchanging = new ExchangingGroup(group);
        dev.sluice.api.spi.StreamingApplication twoChains = (ssc, a) -> {
            var left = ssc.<String>sourceStream("dividing", Config.empty()).mapToPair(w -> dev.sluice.api.Pair.of(w, 1L))
                    .reduceByKey(Long::sum);
            var right = ssc.<String>sourceStream("dividing", Config.empty()).mapToPair(w -> dev.sluice.api.Pair.of(w, 2L))
                    .reduceByKey(Long::sum);
            left.join(right).to("committing", Config.empty());
        };
        // the joined input is read by two keyed stages: alone, one's map side would commit it before the other's
        assertOneRunsTheOtherStandsBy(Config.of(Map.of("group", "counts")), container(exchanging, twoChains),
                container(exchanging, twoChains));
    }

    /** A word count over the union of a {@code dividing} input with one of {@code secondPlugin}. */
    private static dev.sluice.api.spi.StreamingApplication unionCount(String secondPlugin) {
        return (ssc, a) -> ssc.<String>sourceStream("dividing", Config.empty())
                .union(ssc.<String>sourceStream(secondPlugin, Config.empty()))
                .mapToPair(w -> dev.sluice.api.Pair.of(w, 1L)).reduceByKey(Long::sum).to("committing", Config.empty());
    }

    @Test
    void shouldShareTwoInputsEachWithItsOwnKeyedStageJoinedWhenTheGroupHandsOverTogether() throws Exception {
        sourcesJoinInputs = true;
        var exchanging = new ExchangingGroup(group, true);
        dev.sluice.api.spi.StreamingApplication twoChains = (ssc, a) -> {
            var left = ssc.<String>sourceStream("dividing", Config.empty()).mapToPair(w -> dev.sluice.api.Pair.of(w, 1L))
                    .reduceByKey(Long::sum);
            var right = ssc.<String>sourceStream("dividing", Config.empty()).mapToPair(w -> dev.sluice.api.Pair.of(w, 2L))
                    .reduceByKey(Long::sum);
            left.join(right).to("counting", Config.empty());
        };
        var first = container(exchanging, twoChains);
        assertThat(first.start("app", Config.of(Map.of("group", "counts"))).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(1_000);
        await("the join to hand its batch over", () -> exchanging.handedOver.size() == 2);

        List<String> stages = List.copyOf(exchanging.opened);
        // both stages reading the input hand over as one, before either waits for its keys; then the join
        assertThat(exchanging.handedOver).containsExactly(List.of(stages.get(0), stages.get(1)),
                List.of(stages.get(2)));
        assertThat(sources).hasSize(2).allSatisfy(config -> assertThat(config.get(KeyExchange.CHAINED_SHUFFLES))
                .hasValue(stages.get(2) + "=" + stages.get(0) + "," + stages.get(2) + "=" + stages.get(1)));
    }

    @Test
    void shouldShareARunningTotalOfAReduceByKeyAsAChain() throws Exception {
        var exchanging = new ExchangingGroup(group);
        dev.sluice.api.spi.StreamingApplication runningTotal = (ssc, a) -> ssc.<String>sourceStream("dividing",
                Config.empty()).mapToPair(w -> dev.sluice.api.Pair.of(w, 1L)).reduceByKey(Long::sum)
                .<Long>updateStateByKey((sums, total) -> java.util.Optional.of(total.orElse(0L)
                        + sums.stream().mapToLong(Long::longValue).sum()))
                .to("counting", Config.empty());
        var first = container(exchanging, runningTotal);
        assertThat(first.start("app", Config.of(Map.of("group", "counts"))).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(1_000);
        await("the state to hand its batch over", () -> exchanging.handedOver.size() == 2);

        List<String> stages = List.copyOf(exchanging.opened);
        assertThat(sources).singleElement().satisfies(config -> {
            assertThat(config.get(KeyExchange.STATE_SHUFFLES)).hasValue(stages.get(1));
            assertThat(config.get(KeyExchange.CHAINED_SHUFFLES)).hasValue(stages.get(1) + "=" + stages.get(0));
        });
    }

    @Test
    void shouldShareAChainOfKeyedStagesTellingItsSourcesWhichStageReadsWhich() throws Exception {
        var exchanging = new ExchangingGroup(group);
        dev.sluice.api.spi.StreamingApplication countOfCounts = (ssc, a) -> ssc.<String>sourceStream("dividing",
                Config.empty()).mapToPair(w -> dev.sluice.api.Pair.of(w, 1L)).reduceByKey(Long::sum)
                .mapToPair(p -> dev.sluice.api.Pair.of(p.value(), 1L)).reduceByKey(Long::sum).count()
                .to("committing", Config.empty());
        var first = container(exchanging, countOfCounts);
        assertThat(first.start("app", Config.of(Map.of("group", "counts"))).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(1_000);
        await("the three keyed stages to open their exchanges", () -> exchanging.opened.size() == 3);

        List<String> stages = List.copyOf(exchanging.opened);
        assertThat(sources).singleElement().satisfies(config -> {
            assertThat(config.get(KeyExchange.SHUFFLES)).hasValue(String.join(",", stages));
            assertThat(config.get(KeyExchange.CHAINED_SHUFFLES)).hasValue(stages.get(1) + "=" + stages.get(0) + ","
                    + stages.get(2) + "=" + stages.get(1));
        });
    }

    @Test
    void shouldRunAStreamWhoseKeyedStageReadsTheInputAndAnotherKeyedStageOnOneMemberAtATime() throws Exception {
        var exchanging = new ExchangingGroup(group);
        dev.sluice.api.spi.StreamingApplication mixed = (ssc, a) -> {
            var words = ssc.<String>sourceStream("dividing", Config.empty()).mapToPair(w -> dev.sluice.api.Pair.of(w, 1L));
            words.reduceByKey(Long::sum).join(words).to("committing", Config.empty());
        };
        assertOneRunsTheOtherStandsBy(Config.of(Map.of("group", "counts")), container(exchanging, mixed),
                container(exchanging, mixed));
    }

    @Test
    void shouldShareAJoinOfTheInputAndAKeyedStageItsInputSidePartitionedInAStageOfItsOwn() throws Exception {
        var exchanging = new ExchangingGroup(group, true);
        dev.sluice.api.spi.StreamingApplication mixed = (ssc, a) -> {
            var words = ssc.<String>sourceStream("dividing", Config.empty()).mapToPair(w -> dev.sluice.api.Pair.of(w, 1L));
            words.reduceByKey(Long::sum).join(words).to("counting", Config.empty());
        };
        var first = container(exchanging, mixed);
        assertThat(first.start("app", Config.of(Map.of("group", "counts"))).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(1_000);
        await("the join to hand its batch over", () -> exchanging.handedOver.size() == 2);

        // the count and the input's side hand over as one, then the join reads both
        List<List<String>> handOvers = List.copyOf(exchanging.handedOver);
        assertThat(handOvers.get(0)).hasSize(2).anySatisfy(s -> assertThat(s).endsWith("reduceByKey"))
                .anySatisfy(s -> assertThat(s).endsWith("partitionBy"));
        assertThat(handOvers.get(1)).singleElement().asString().endsWith("join");
        String join = handOvers.get(1).get(0);
        assertThat(sources).singleElement().satisfies(config -> assertThat(config.get(KeyExchange.CHAINED_SHUFFLES))
                .hasValueSatisfying(chained -> assertThat(List.of(chained.split(","))).containsExactlyInAnyOrder(
                        join + "=" + handOvers.get(0).get(0), join + "=" + handOvers.get(0).get(1))));
    }

    @Test
    void shouldShareAKeyedWindowOfAKeyedStageEachBatchOfTheSlideHandedOverInTimeOrder() throws Exception {
        var exchanging = new ExchangingGroup(group);
        dev.sluice.api.spi.StreamingApplication windowedCounts = (ssc, a) -> ssc.<String>sourceStream("dividing",
                Config.empty()).mapToPair(w -> dev.sluice.api.Pair.of(w, 1L)).reduceByKey(Long::sum)
                .reduceByKeyAndWindow(Long::sum, java.time.Duration.ofSeconds(4), java.time.Duration.ofSeconds(2))
                .to("counting", Config.empty());
        var first = container(exchanging, windowedCounts);
        assertThat(first.start("app", Config.of(Map.of("group", "counts"))).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(2_000);
        await("the slide's two batches to be handed over to the window", () -> exchanging.handedOver.size() == 4);

        List<String> stages = List.copyOf(exchanging.opened);
        // the count's batches first, each reduced before the window takes it: the window's hand-overs commit them
        assertThat(exchanging.handedOver).extracting(h -> h.get(0)).containsExactly(stages.get(0), stages.get(0),
                stages.get(1), stages.get(1));
        assertThat(stages.get(1)).contains("reduceByKeyAndWindow");
        assertThat(sources).singleElement().satisfies(config -> {
            assertThat(config.get(KeyExchange.STATE_SHUFFLES)).hasValue(stages.get(1));
            assertThat(config.get(KeyExchange.CHAINED_SHUFFLES)).hasValue(stages.get(1) + "=" + stages.get(0));
        });
    }

    @Test
    void shouldShareAStreamWhoseStateIsReadByAnotherKeyedStageAsAChain() throws Exception {
        var exchanging = new ExchangingGroup(group);
        dev.sluice.api.spi.StreamingApplication stateThenKeyed = (ssc, a) -> ssc.<String>sourceStream("dividing",
                Config.empty()).mapToPair(w -> dev.sluice.api.Pair.of(w, 1L))
                .<Long>updateStateByKey((ones, total) -> java.util.Optional.of(total.orElse(0L) + ones.size()))
                .countByValue().to("counting", Config.empty());
        var first = container(exchanging, stateThenKeyed);
        assertThat(first.start("app", Config.of(Map.of("group", "counts"))).state()).isEqualTo(StreamState.RUNNING);
        clock.advance(1_000);
        await("the count of states to hand its batch over", () -> exchanging.handedOver.size() == 2);

        List<String> stages = List.copyOf(exchanging.opened);
        assertThat(sources).singleElement().satisfies(config -> {
            assertThat(config.get(KeyExchange.STATE_SHUFFLES)).hasValue(stages.get(0));
            assertThat(config.get(KeyExchange.CHAINED_SHUFFLES)).hasValue(stages.get(1) + "=" + stages.get(0));
        });
    }

    /** A word count: one keyed stage. */
    static void keyedCount(dev.sluice.api.StreamingContext ssc, Config args) {
        ssc.<String>sourceStream("dividing", Config.empty()).mapToPair(w -> dev.sluice.api.Pair.of(w, 1L))
                .reduceByKey(Long::sum).to("committing", Config.empty());
    }

    /**
     * A group whose members exchange keys, for the runtime's side of the decision: one member, so
     * every key partition is its own and what it sends is what it receives.
     */
    static final class ExchangingGroup implements GroupMembership {
        private final GroupMembership membership;
        /** Whether its exchange hands several stages' parts over as one. */
        private final boolean together;
        final Queue<String> opened = new ConcurrentLinkedQueue<>();
        /** The stages of each hand-over, in the order sent. */
        final Queue<List<String>> handedOver = new ConcurrentLinkedQueue<>();

        ExchangingGroup(GroupMembership membership) {
            this(membership, false);
        }

        ExchangingGroup(GroupMembership membership, boolean together) {
            this.membership = membership;
            this.together = together;
        }

        @Override
        public Member join(String group, String member, Config config, Leadership leadership) {
            return membership.join(group, member, config, leadership);
        }

        @Override
        public java.util.Optional<KeyExchange> keyExchange() {
            return java.util.Optional.of(new KeyExchange() {
                @Override
                public boolean handsOverTogether() {
                    return together;
                }

                @Override
                public KeyExchange.Shuffle open(String group, String shuffle) {
                    return opened(shuffle);
                }
            });
        }

        private KeyExchange.Shuffle opened(String shuffle) {
                opened.add(shuffle);
                return new KeyExchange.Shuffle() {
                    private final Map<Time, List<List<byte[]>>> sent = new java.util.concurrent.ConcurrentHashMap<>();

                    @Override
                    public String toString() {
                        return shuffle;
                    }

                    @Override
                    public void sendWith(Time batch, List<List<byte[]>> chunks, Map<KeyExchange.Shuffle,
                            List<List<byte[]>>> others) {
                        if (!others.isEmpty() && !together) {
                            throw new UnsupportedOperationException("one stage at a time");
                        }
                        var stages = new java.util.ArrayList<>(List.of(shuffle));
                        others.keySet().forEach(o -> stages.add(o.toString()));
                        handedOver.add(stages);
                        send(batch, chunks);
                        others.forEach((o, theirs) -> o.send(batch, theirs));
                    }

                    @Override
                    public int partitions() {
                        return 3;
                    }

                    @Override
                    public void send(Time batch, List<List<byte[]>> chunks) {
                        sent.put(batch, chunks);
                    }

                    @Override
                    public List<List<byte[]>> receive(Time batch) {
                        return sent.remove(batch);
                    }

                    @Override
                    public KeyExchange.StateChangelog changelog() {
                        return new KeyExchange.StateChangelog() {
                            @Override
                            public Map<Integer, List<KeyExchange.StateEntry>> restored(Time batch) {
                                return Map.of();
                            }

                            @Override
                            public void write(Time batch, int partition, List<KeyExchange.StateEntry> changes) {
                            }
                        };
                    }
                };
        }
    }

    private void assertOneRunsTheOtherStandsBy(Config args, Streams first, Streams second) throws Exception {
        first.start("app", args);
        await("the first member to lead and run the stream", () -> first.status("app").state() == StreamState.RUNNING);
        assertThat(second.start("app", args).state()).isEqualTo(StreamState.STANDBY);
        assertThat(sources).isNotEmpty().noneMatch(c -> c.has(GroupMembership.SHARED_GROUP));
    }
}
