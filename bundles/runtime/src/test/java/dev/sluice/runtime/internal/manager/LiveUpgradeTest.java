package dev.sluice.runtime.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Dataset;
import dev.sluice.api.Pair;
import dev.sluice.api.SluiceException;
import dev.sluice.api.Time;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.Receiver;
import dev.sluice.api.spi.ReceiverContext;
import dev.sluice.api.spi.Sink;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.api.spi.StreamingApplication;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.time.ManualClock;
import dev.sluice.runtime.testkit.HandFedReceiver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live upgrades: a plugin or application of a running stream replaced at a batch boundary, its
 * state carried over in memory, received data kept, no batch skipped or run twice.
 */
class LiveUpgradeTest {

    private final StreamsTest.ChangingPlugins plugins = new StreamsTest.ChangingPlugins();
    private final ManualClock clock = new ManualClock(0);
    private final Streams streams = new Streams(plugins, clock);
    private final LinkedBlockingQueue<String> delivered = new LinkedBlockingQueue<>();

    @AfterEach
    void stopAll() {
        streams.stopAll();
    }

    /** Counts words by key, running totals checkpointed every batch, each line tagged with the operator's version. */
    private static OperatorProvider runningCount(String version) {
        return (input, config) -> ((DStream<String>) input)
                .flatMap(line -> Arrays.asList(line.split(" ")))
                .mapToPair(w -> Pair.of(w, 1L))
                .<Long>updateStateByKey((values, state) ->
                        Optional.of(state.orElse(0L) + values.stream().mapToLong(Long::longValue).sum()))
                .checkpoint(java.time.Duration.ofSeconds(1))
                .map(p -> version + ":" + p.key() + "=" + p.value());
    }

    /** The same stage, with another kind of state (per-key text instead of a count) and no migration. */
    private static final OperatorProvider OTHER_STATE = (input, config) -> ((DStream<String>) input)
            .mapToPair(w -> Pair.of(w, w))
            .reduceByKeyAndWindow((a, b) -> a + b, (a, b) -> a, java.time.Duration.ofSeconds(2),
                    java.time.Duration.ofSeconds(1))
            .map(p -> "v3:" + p.key());

    private final SinkProvider collecting = new SinkProvider() {
        @Override
        @SuppressWarnings("unchecked")
        public <T> Sink<T> createSink(Config config) {
            return (Dataset<T> batch, Time time) -> {
                var lines = new ArrayList<String>();
                batch.collect().forEach(r -> lines.add(String.valueOf(r)));
                lines.sort(null);
                delivered.add(time.millis() + " " + lines);
            };
        }
    };

    /** Starts "app": a queue of lines through the "count" operator (version 1) to the collecting sink. */
    private ConcurrentLinkedQueue<List<String>> startCounting(Config args) {
        var queue = new ConcurrentLinkedQueue<List<String>>();
        streams.addApplication("app", (ssc, a) -> ssc.queueStream(queue, true)
                .via("count", Config.empty()).to("collecting", Config.empty()));
        plugins.operators.put("count", runningCount("v1"));
        plugins.sinks.put("collecting", collecting);
        streams.start("app", args);
        return queue;
    }

    /** A source plugin whose receivers the test feeds by hand; each one made is added to {@code made}. */
    private static SourceProvider handSource(List<HandFedReceiver> made) {
        return new SourceProvider() {
            @Override
            public Receiver<?> createReceiver(Config config) {
                var r = new HandFedReceiver();
                made.add(r);
                return r;
            }
        };
    }

    private String nextBatch() throws InterruptedException {
        String b = delivered.poll(30, TimeUnit.SECONDS);
        assertThat(b).as("a batch is delivered").isNotNull();
        return b;
    }

    /** Waits until the stream's newest checkpoint has the batch at {@code millis} completed. */
    private void awaitCheckpointOf(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (streams.checkpoint("app").lastCompleted().map(t -> t.millis() < millis).orElse(true)) {
            assertThat(System.nanoTime()).as("a checkpoint of batch " + millis + " is written").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private void replaceOperator(String type, OperatorProvider next) {
        plugins.operators.remove(type);
        streams.pluginRemoved(PluginRef.operator(type));
        if (next != null) {
            plugins.operators.put(type, next);
            streams.pluginAdded();
        }
    }

    @Test
    void anOperatorUpgradeKeepsTheRunningCountsAndCountsEveryLineOnce() throws Exception {
        var queue = startCounting(Config.empty());

        queue.add(List.of("a b", "a"));
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("1000 [v1:a=2, v1:b=1]");

        replaceOperator("count", runningCount("v2"));
        assertThat(streams.status("app").state()).isEqualTo(StreamState.RUNNING);
        queue.add(List.of("a c"));
        clock.advance(1_000);
        assertThat(nextBatch()).as("version 2 from the next batch on, the totals going on")
                .isEqualTo("2000 [v2:a=3, v2:b=1, v2:c=1]");
        assertThat(streams.status("app").upgrades()).singleElement().asString()
                .startsWith("went on with its new definition at batch 2000 ms");
    }

    @Test
    void anUpgradeOfAStreamWithCheckpointsGoesOnWritingThemAndALaterStartRecoversFromThem(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Config args = Config.of(java.util.Map.of("checkpoint", dir.toString()));
        var queue = startCounting(args);
        queue.add(List.of("a"));
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("1000 [v1:a=1]");

        replaceOperator("count", runningCount("v2"));
        queue.add(List.of("a b"));
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("2000 [v2:a=2, v2:b=1]");
        awaitCheckpointOf(2_000);
        streams.stop("app", false);

        streams.start("app", args);
        queue.add(List.of("a"));
        clock.advance(1_000);
        assertThat(nextBatch()).as("recovered from the checkpoints the new version wrote")
                .isEqualTo("3000 [v2:a=3, v2:b=1]");
    }

    @Test
    void aSecondProviderOfAnOperatorTypeInUseTakesOverAtTheNextBatch() throws Exception {
        var queue = startCounting(Config.empty());
        queue.add(List.of("a"));
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("1000 [v1:a=1]");

        // a new version's bundle dropped beside the old one: it serves the type from now on
        plugins.operators.put("count", runningCount("v2"));
        streams.pluginReplaced(PluginRef.operator("count"));
        queue.add(List.of("a"));
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("2000 [v2:a=2]");
    }

    @Test
    void upgradesWithNoBatchBetweenThemKeepTheStateAndTheBatchTimes() throws Exception {
        var queue = startCounting(Config.empty());
        queue.add(List.of("a"));
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("1000 [v1:a=1]");

        replaceOperator("count", runningCount("v2"));
        replaceOperator("count", OTHER_STATE);
        replaceOperator("count", runningCount("v3"));
        queue.add(List.of("a"));
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("2000 [v3:a=2]");
        assertThat(streams.status("app").upgrades()).hasSize(2);
    }

    @Test
    void aVersionWhoseStateDoesNotFitIsRefusedTheStreamHoldsAndResumesWithAFittingOne() throws Exception {
        var queue = startCounting(Config.empty());
        queue.add(List.of("a"));
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("1000 [v1:a=1]");

        replaceOperator("count", OTHER_STATE);
        var held = streams.status("app");
        assertThat(held.state()).isEqualTo(StreamState.WAITING);
        assertThat(held.lastError()).get().asString().contains("new version refused")
                .contains("the state of count/updateStateByKey (updateStateByKey) has no stateful operator of that name")
                .contains("Its stateful operators: count/reduceByKeyAndWindow")
                .contains("stream:discardState");
        queue.add(List.of("a"));
        clock.advance(1_000);
        clock.advance(1_000);
        assertThat(delivered.poll(300, TimeUnit.MILLISECONDS)).as("nothing runs while held").isNull();

        replaceOperator("count", runningCount("v2"));
        assertThat(streams.status("app").state()).isEqualTo(StreamState.RUNNING);
        assertThat(streams.status("app").lastError()).isEmpty();
        assertThat(nextBatch()).as("the batches held run in order, state kept").isEqualTo("2000 [v2:a=2]");
        assertThat(nextBatch()).isEqualTo("3000 [v2:a=2]");
    }

    /** Version 2 of the running count keeps its count as text (state version 2); with {@code migrating}, from version 1's numbers. */
    private static OperatorProvider textCount(boolean migrating) {
        return new OperatorProvider() {
            @Override
            @SuppressWarnings("unchecked")
            public DStream<?> apply(DStream<?> input, Config config) {
                return ((DStream<String>) input)
                        .flatMap(line -> Arrays.asList(line.split(" ")))
                        .mapToPair(w -> Pair.of(w, 1L))
                        .<String>updateStateByKey((values, state) -> Optional.of(String.valueOf(
                                Long.parseLong(state.orElse("0")) + values.size())))
                        .map(p -> "v2:" + p.key() + "=" + p.value());
            }

            @Override
            public int stateVersion() {
                return 2;
            }

            @Override
            public Object migrateState(int fromVersion, Object value) {
                if (!migrating || fromVersion != 1) {
                    return OperatorProvider.super.migrateState(fromVersion, value);
                }
                return String.valueOf(value);
            }
        };
    }

    @Test
    void aNewStateVersionIsMigratedAndOneWithoutAMigrationIsRefused() throws Exception {
        var queue = startCounting(Config.empty());
        queue.add(List.of("a a"));
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("1000 [v1:a=2]");

        replaceOperator("count", textCount(false));
        assertThat(streams.status("app").lastError()).get().asString()
                .contains("the state of count/updateStateByKey is version 1 and the new version keeps version 2"
                        + " with no migration from 1");

        replaceOperator("count", textCount(true));
        assertThat(streams.status("app").state()).isEqualTo(StreamState.RUNNING);
        queue.add(List.of("a"));
        clock.advance(1_000);
        assertThat(nextBatch()).as("the count migrated to text goes on").isEqualTo("2000 [v2:a=3]");
    }

    @Test
    void discardingStateLetsAVersionThatDoesNotFitGoOn() throws Exception {
        var queue = startCounting(Config.empty());
        assertThatThrownBy(() -> streams.discardState("app")).isInstanceOf(SluiceException.class)
                .hasMessageContaining("nothing to discard");
        queue.add(List.of("a"));
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("1000 [v1:a=1]");

        replaceOperator("count", OTHER_STATE);
        assertThat(streams.status("app").state()).isEqualTo(StreamState.WAITING);
        var status = streams.discardState("app");
        assertThat(status.state()).isEqualTo(StreamState.RUNNING);
        queue.add(List.of("b"));
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("2000 [v3:b]");
    }

    @Test
    void anApplicationUpgradeKeepsItsReceiverRunningAndWhatItReceived() throws Exception {
        var receivers = new CopyOnWriteArrayList<HandFedReceiver>();
        plugins.sources.put("hand", handSource(receivers));
        plugins.sinks.put("collecting", collecting);
        StreamingApplication v1 = countingApplication("v1");
        streams.addApplication("app", v1);
        streams.start("app", Config.empty());
        ReceiverContext<String> receiving = receivers.get(0).awaitStarted();
        receiving.store(List.of("a", "b"));
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("1000 [v1:a=1, v1:b=1]");

        streams.removeApplication("app", v1);
        assertThat(streams.status("app").state()).isEqualTo(StreamState.WAITING);
        assertThat(streams.status("app").waitingFor()).singleElement().asString()
                .startsWith("its application 'app'");
        receiving.store(List.of("a"));
        clock.advance(1_000);
        receiving.store(List.of("c"));
        assertThat(delivered.poll(300, TimeUnit.MILLISECONDS)).as("nothing runs while held").isNull();

        streams.addApplication("app", countingApplication("v2"), "example 2.0.0");
        assertThat(streams.status("app").state()).isEqualTo(StreamState.RUNNING);
        assertThat(receivers).as("the receiver of the unchanged source keeps receiving").hasSize(1);
        assertThat(nextBatch()).as("what was received while held goes into the held batch")
                .isEqualTo("2000 [v2:a=2, v2:b=1, v2:c=1]");
        receiving.store(List.of("b"));
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("3000 [v2:a=2, v2:b=2, v2:c=1]");
        assertThat(streams.status("app").upgrades()).singleElement().asString()
                .isEqualTo("upgraded application from unknown to example 2.0.0 at batch 2000 ms");
        assertThat(streams.status("app").plugins()).containsEntry("application", "example 2.0.0")
                .containsKey("source hand");
    }

    @Test
    void aNewVersionOfAnApplicationBesideTheOldTakesOverAndTheOldOneCanGo() throws Exception {
        var receivers = new CopyOnWriteArrayList<HandFedReceiver>();
        plugins.sources.put("hand", handSource(receivers));
        plugins.sinks.put("collecting", collecting);
        StreamingApplication v1 = countingApplication("v1");
        streams.addApplication("app", v1, "example 1.0.0");
        streams.start("app", Config.empty());
        ReceiverContext<String> receiving = receivers.get(0).awaitStarted();
        receiving.store(List.of("a"));
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("1000 [v1:a=1]");

        streams.addApplication("app", countingApplication("v2"), "example 2.0.0");
        streams.removeApplication("app", v1);
        assertThat(streams.status("app").state()).isEqualTo(StreamState.RUNNING);
        receiving.store(List.of("a"));
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("2000 [v2:a=2]");
        assertThat(streams.status("app").upgrades()).containsExactly(
                "upgraded application from example 1.0.0 to example 2.0.0 at batch 2000 ms");
    }

    @Test
    void aStreamHeldForAnApplicationThatIsGoneIsForgottenWhenStopped() throws Exception {
        plugins.sources.put("hand", handSource(new CopyOnWriteArrayList<>()));
        plugins.sinks.put("collecting", collecting);
        StreamingApplication app = countingApplication("v1");
        streams.addApplication("app", app);
        streams.start("app", Config.empty());
        streams.removeApplication("app", app);
        assertThat(streams.list()).extracting(s -> s.state()).containsExactly(StreamState.WAITING);

        assertThat(streams.stop("app", false).state()).isEqualTo(StreamState.STOPPED);
        assertThat(streams.list()).isEmpty();
    }

    private static StreamingApplication countingApplication(String version) {
        return (ssc, args) -> ssc.<String>receiverStream("hand", Config.empty())
                .mapToPair(w -> Pair.of(w, 1L))
                .<Long>updateStateByKey((values, state) ->
                        Optional.of(state.orElse(0L) + values.stream().mapToLong(Long::longValue).sum()))
                .name("counts")
                .map(p -> version + ":" + p.key() + "=" + p.value())
                .to("collecting", Config.empty());
    }

    @Test
    void anEditedDeclarationGoesOnWithTheStateAndTheReceiverOfTheStreamItDeclared() throws Exception {
        var receivers = new CopyOnWriteArrayList<HandFedReceiver>();
        plugins.sources.put("hand", handSource(receivers));
        plugins.sinks.put("collecting", collecting);
        plugins.operators.put("count", (input, config) -> runningCount(config.string("tag", "v1")).apply(input, config));
        streams.declare("counts", declared("v1"), Config.empty());
        ReceiverContext<String> receiving = receivers.get(0).awaitStarted();
        receiving.store(List.of("a b"));
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("1000 [v1:a=1, v1:b=1]");

        var status = streams.declare("counts", declared("edited"), Config.empty());
        assertThat(status.state()).isEqualTo(StreamState.RUNNING);
        receiving.store(List.of("a"));
        clock.advance(1_000);
        assertThat(nextBatch()).as("the edited stage, the counts going on")
                .isEqualTo("2000 [edited:a=2, edited:b=1]");
        assertThat(receivers).as("the unchanged source kept its receiver").hasSize(1);
    }

    private static dev.sluice.runtime.internal.declared.DeclaredStream declared(String tag) {
        var declaration = dev.sluice.runtime.internal.declared.StreamDeclaration.parse("counts.cfg", "counts",
                java.util.Map.of("source", "hand", "stages", "count", "stage.count", "count", "stage.count.tag", tag,
                        "outputs", "out", "sink.out", "collecting"));
        return new dev.sluice.runtime.internal.declared.DeclaredStream(declaration, "counts.cfg");
    }

    /** A polled source whose batches are numbered lines, "n1", "n2", ...; its progress is how many it gave. */
    static final class NumberedSource implements dev.sluice.api.spi.BatchSource<String> {
        private long given;

        @Override
        public void start(dev.sluice.api.spi.BatchSourceContext context) {
        }

        @Override
        public List<dev.sluice.api.spi.InputSplit<String>> poll(Time batchTime) {
            String line = "n" + (++given);
            return List.of(new dev.sluice.api.spi.InputSplit<>() {
                @Override
                public void read(java.util.function.Consumer<? super String> out) {
                    out.accept(line);
                }

                @Override
                public String description() {
                    return line;
                }
            });
        }

        @Override
        public byte[] progress() {
            return Long.toString(given).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public void restore(byte[] progress) {
            given = Long.parseLong(new String(progress, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void aNewVersionOfAPolledSourceGoesOnFromTheOldOnesProgress() throws Exception {
        var made = new CopyOnWriteArrayList<NumberedSource>();
        SourceProvider numbered = new SourceProvider() {
            @Override
            public dev.sluice.api.spi.BatchSource<?> createBatchSource(Config config) {
                var s = new NumberedSource();
                made.add(s);
                return s;
            }

            @Override
            public boolean pollsPerBatch() {
                return true;
            }
        };
        plugins.sources.put("numbered", numbered);
        plugins.sinks.put("collecting", collecting);
        streams.addApplication("app", (ssc, args) -> ssc.<String>sourceStream("numbered", Config.empty())
                .to("collecting", Config.empty()));
        streams.start("app", Config.empty());
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("1000 [n1]");

        plugins.sources.remove("numbered");
        streams.pluginRemoved(PluginRef.source("numbered"));
        clock.advance(1_000);
        plugins.sources.put("numbered", numbered);
        streams.pluginAdded();
        assertThat(made).as("a new source, for the new version").hasSize(2);
        assertThat(nextBatch()).as("the batch due while held, polled by the new source from the old one's progress")
                .isEqualTo("2000 [n2]");
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("3000 [n3]");
    }

    @Test
    void anUpgradeWithAWriteAheadLogKeepsLoggingAndACrashAfterItLosesNothing(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var receivers = new CopyOnWriteArrayList<HandFedReceiver>();
        plugins.sources.put("hand", handSource(receivers));
        plugins.sinks.put("collecting", collecting);
        StreamingApplication v1 = countingApplication("v1");
        streams.addApplication("app", v1);
        Config args = Config.of(java.util.Map.of("checkpoint", dir.toString(), "receiver.writeAheadLog", "true"));
        streams.start("app", args);
        ReceiverContext<String> receiving = receivers.get(0).awaitStarted();
        receiving.store(List.of("a"));
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("1000 [v1:a=1]");

        streams.removeApplication("app", v1);
        receiving.store(List.of("b")); // logged while held
        streams.addApplication("app", countingApplication("v2"), "v2");
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("2000 [v2:a=1, v2:b=1]");
        awaitCheckpointOf(2_000);
        receiving.store(List.of("c")); // logged, never in a batch: the crash comes first
        streams.stopAll();

        var restarted = new Streams(plugins, clock);
        try {
            restarted.addApplication("app", countingApplication("v2"));
            restarted.start("app", args);
            clock.advance(1_000);
            assertThat(nextBatch()).as("the line logged after the upgrade, recovered from the log")
                    .isEqualTo("3000 [v2:a=1, v2:b=1, v2:c=1]");
        } finally {
            restarted.stopAll();
        }
    }

    @Test
    void aSourceUpgradeKeepsWhatTheOldReceiverStoredAndTheNewOneGoesOn() throws Exception {
        var receivers = new CopyOnWriteArrayList<HandFedReceiver>();
        SourceProvider hand = handSource(receivers);
        plugins.sources.put("hand", hand);
        plugins.sinks.put("collecting", collecting);
        streams.addApplication("app", countingApplication("v1"));
        streams.start("app", Config.empty());
        receivers.get(0).awaitStarted().store(List.of("a"));
        clock.advance(1_000);
        assertThat(nextBatch()).isEqualTo("1000 [v1:a=1]");

        receivers.get(0).awaitStarted().store(List.of("b"));
        plugins.sources.remove("hand");
        streams.pluginRemoved(PluginRef.source("hand"));
        assertThat(streams.status("app").waitingFor()).containsExactly("source plugin 'hand'");
        plugins.sources.put("hand", hand);
        streams.pluginAdded();
        assertThat(receivers).as("the new version of the source receives").hasSize(2);
        receivers.get(1).awaitStarted().store(List.of("c"));
        clock.advance(1_000);
        assertThat(nextBatch()).as("the old receiver's blocks and the new one's, in one batch, state kept")
                .isEqualTo("2000 [v1:a=1, v1:b=1, v1:c=1]");
    }
}
