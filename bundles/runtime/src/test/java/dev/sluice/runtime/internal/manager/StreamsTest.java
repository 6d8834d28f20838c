package dev.sluice.runtime.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.Dataset;
import dev.sluice.api.SluiceException;
import dev.sluice.api.StreamingContext;
import dev.sluice.api.Time;
import dev.sluice.api.management.PluginDescription;
import dev.sluice.api.management.StreamState;
import dev.sluice.api.DStream;
import dev.sluice.api.spi.OperatorProvider;
import dev.sluice.api.spi.Parameter;
import dev.sluice.api.spi.Receiver;
import dev.sluice.api.spi.ReceiverContext;
import dev.sluice.api.spi.Sink;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.api.spi.StreamingApplication;
import dev.sluice.runtime.internal.declared.DeclaredStream;
import dev.sluice.runtime.internal.declared.StreamDeclaration;
import dev.sluice.runtime.internal.plugin.PluginRef;
import dev.sluice.runtime.internal.plugin.Plugins;
import dev.sluice.runtime.internal.time.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamsTest {

    /** Plugins that come and go as the test says, like services in the container. */
    static final class ChangingPlugins implements Plugins {
        final Map<String, SourceProvider> sources = new ConcurrentHashMap<>();
        final Map<String, SinkProvider> sinks = new ConcurrentHashMap<>();
        final Map<String, OperatorProvider> operators = new ConcurrentHashMap<>();
        final Map<String, dev.sluice.api.spi.GroupMembership> groups = new ConcurrentHashMap<>();

        @Override
        public Optional<dev.sluice.api.spi.GroupMembership> group(String type) {
            return Optional.ofNullable(groups.get(type));
        }

        @Override
        public Optional<OperatorProvider> operator(String type) {
            return Optional.ofNullable(operators.get(type));
        }

        @Override
        public Optional<SourceProvider> source(String type) {
            return Optional.ofNullable(sources.get(type));
        }

        @Override
        public Optional<SinkProvider> sink(String type) {
            return Optional.ofNullable(sinks.get(type));
        }

        @Override
        public List<PluginDescription> describe() {
            var all = new java.util.ArrayList<PluginDescription>();
            sources.keySet().forEach(t -> all.add(new PluginDescription("source", t, "test")));
            sinks.keySet().forEach(t -> all.add(new PluginDescription("sink", t, "test")));
            return all;
        }

        @Override
        public java.util.Collection<Object> all() {
            var all = new java.util.ArrayList<Object>(sources.values());
            all.addAll(sinks.values());
            return all;
        }
    }

    /** A sink that hands every batch it receives to the test. */
    static final class RecordingSink implements SinkProvider {
        final LinkedBlockingQueue<Time> batches = new LinkedBlockingQueue<>();

        @Override
        @SuppressWarnings("unchecked")
        public <T> Sink<T> createSink(Config config) {
            return (Dataset<T> batch, Time time) -> batches.add(time);
        }
    }

    static final SourceProvider IDLE_SOURCE = new SourceProvider() {
        @Override
        public Receiver<?> createReceiver(Config config) {
            return new Receiver<String>() {
                @Override
                public void onStart(ReceiverContext<String> context) {
                }

                @Override
                public void onStop() {
                }
            };
        }
    };

    static final StreamingApplication APP = new StreamingApplication() {
        @Override
        public void define(StreamingContext ssc, Config args) {
            ssc.<String>receiverStream("idle", Config.empty()).to("recording", Config.empty());
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(Parameter.of("port", "9999", "a port"));
        }
    };

    private final ChangingPlugins plugins = new ChangingPlugins();
    private final ManualClock clock = new ManualClock(0);
    private final Streams streams = new Streams(plugins, clock);

    @AfterEach
    void stopAll() {
        streams.stopAll();
    }

    @Test
    void shouldWaitForAMissingPluginAndSayWhich() {
        streams.addApplication("app", APP);
        plugins.sources.put("idle", IDLE_SOURCE);
        var status = streams.start("app", Config.empty());
        assertThat(status.state()).isEqualTo(StreamState.WAITING);
        assertThat(status.waitingFor()).containsExactly("sink plugin 'recording'");
    }

    @Test
    void shouldStartWhenTheMissingPluginArrivesAndWaitAgainWhenItLeaves() throws Exception {
        streams.addApplication("app", APP);
        plugins.sources.put("idle", IDLE_SOURCE);
        streams.start("app", Config.empty());

        var sink = new RecordingSink();
        plugins.sinks.put("recording", sink);
        streams.pluginAdded();
        assertThat(streams.status("app").state()).isEqualTo(StreamState.RUNNING);
        clock.advance(1_000);
        assertThat(sink.batches.poll(30, TimeUnit.SECONDS)).isEqualTo(new Time(1_000));

        plugins.sinks.remove("recording");
        streams.pluginRemoved(PluginRef.sink("recording"));
        var status = streams.status("app");
        assertThat(status.state()).isEqualTo(StreamState.WAITING);
        assertThat(status.waitingFor()).containsExactly("sink plugin 'recording'");

        plugins.sinks.put("recording", sink);
        streams.pluginAdded();
        assertThat(streams.status("app").state()).isEqualTo(StreamState.RUNNING);
    }

    @Test
    void shouldWaitForAMissingOperatorPluginStartWhenItArrivesAndStopWhenItLeaves() throws Exception {
        streams.addApplication("app", (ssc, args) -> ssc.receiverStream("idle", Config.empty())
                .via("upper", Config.empty()).to("recording", Config.empty()));
        plugins.sources.put("idle", IDLE_SOURCE);
        var sink = new RecordingSink();
        plugins.sinks.put("recording", sink);
        var status = streams.start("app", Config.empty());
        assertThat(status.state()).isEqualTo(StreamState.WAITING);
        assertThat(status.waitingFor()).containsExactly("operator plugin 'upper'");

        plugins.operators.put("upper", (input, config) -> ((DStream<String>) input).map(String::toUpperCase));
        streams.pluginAdded();
        assertThat(streams.status("app").state()).isEqualTo(StreamState.RUNNING);
        clock.advance(1_000);
        assertThat(sink.batches.poll(30, TimeUnit.SECONDS)).isEqualTo(new Time(1_000));
        var stage = streams.graph("app").streams().get(1);
        assertThat(stage.name()).isEqualTo("upper/map");
        assertThat(stage.stage()).contains("upper");
        assertThat(stage.operatorPlugin()).contains("upper");
        assertThat(streams.graph("app").streams().get(0).operatorPlugin()).isEmpty();

        plugins.operators.remove("upper");
        streams.pluginRemoved(PluginRef.operator("upper"));
        status = streams.status("app");
        assertThat(status.state()).isEqualTo(StreamState.WAITING);
        assertThat(status.waitingFor()).containsExactly("operator plugin 'upper'");
    }

    @Test
    void batchesDueWhileTheSinkIsGoneAreHeldAndDeliveredInOrderWhenItReturns() throws Exception {
        var queue = new java.util.concurrent.ConcurrentLinkedQueue<List<String>>();
        streams.addApplication("app", (ssc, args) -> ssc.queueStream(queue, true).to("collecting", Config.empty()));
        var delivered = new LinkedBlockingQueue<String>();
        SinkProvider collecting = new SinkProvider() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> Sink<T> createSink(Config config) {
                return (Dataset<T> batch, Time time) -> delivered.add(time.millis() + ":" + batch.collect());
            }
        };
        plugins.sinks.put("collecting", collecting);
        streams.start("app", Config.empty());
        queue.add(List.of("a"));
        clock.advance(1_000);
        assertThat(delivered.poll(30, TimeUnit.SECONDS)).isEqualTo("1000:[a]");

        plugins.sinks.remove("collecting");
        streams.pluginRemoved(PluginRef.sink("collecting"));
        assertThat(streams.status("app").state()).isEqualTo(StreamState.WAITING);
        assertThat(streams.status("app").waitingFor()).containsExactly("sink plugin 'collecting'");
        queue.add(List.of("b"));
        queue.add(List.of("c"));
        clock.advance(1_000);
        clock.advance(1_000);
        assertThat(delivered.poll(300, TimeUnit.MILLISECONDS)).as("nothing is delivered while the sink is gone").isNull();

        plugins.sinks.put("collecting", collecting);
        streams.pluginAdded();

        assertThat(streams.status("app").state()).isEqualTo(StreamState.RUNNING);
        assertThat(delivered.poll(30, TimeUnit.SECONDS)).isEqualTo("2000:[b]");
        assertThat(delivered.poll(30, TimeUnit.SECONDS)).isEqualTo("3000:[c]");
    }

    @Test
    void aStreamWhoseSinkKeepsFailingStopsAndItsStatusSaysWhy() throws Exception {
        streams.addApplication("app", APP);
        plugins.sources.put("idle", IDLE_SOURCE);
        plugins.sinks.put("recording", new SinkProvider() {
            @Override
            public <T> Sink<T> createSink(Config config) {
                return (batch, time) -> {
                    throw new java.io.IOException("permission denied");
                };
            }
        });
        streams.start("app", Config.parse(List.of("output.retries=0")));
        clock.advance(1_000);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (streams.status("app").state() != StreamState.FAILED && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        var status = streams.status("app");
        assertThat(status.state()).isEqualTo(StreamState.FAILED);
        assertThat(status.lastError()).hasValueSatisfying(e -> assertThat(e)
                .contains("sink 'recording' failed to write batch 1000 ms 1 time").contains("permission denied"));
    }

    @Test
    void aStreamWaitingForItsSinkStopsAtOnce() throws Exception {
        var batchRunning = new java.util.concurrent.CountDownLatch(1);
        streams.addApplication("app", (ssc, args) -> {
            var in = ssc.<String>receiverStream("idle", Config.empty());
            in.foreach(batch -> batchRunning.countDown()); // runs just before the sink's output
            in.to("recording", Config.empty());
        });
        plugins.sources.put("idle", IDLE_SOURCE);
        plugins.sinks.put("recording", new RecordingSink());
        streams.start("app", Config.empty());
        plugins.sinks.remove("recording");
        streams.pluginRemoved(PluginRef.sink("recording"));
        clock.advance(1_000);
        assertThat(batchRunning.await(30, TimeUnit.SECONDS)).isTrue(); // its sink output waits next

        long started = System.nanoTime();
        streams.stop("app");

        assertThat(streams.status("app").state()).isEqualTo(StreamState.STOPPED);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started))
                .as("the waiting batch gives up at once instead of holding the stop for the 10 s grace period").isLessThan(9);
    }

    @Test
    void shouldShowTheGraphOfARunningStreamWithItsSourceAndSinkAndNoneWhenStopped() {
        streams.addApplication("app", APP);
        plugins.sources.put("idle", IDLE_SOURCE);
        plugins.sinks.put("recording", new RecordingSink());
        streams.start("app", Config.empty());

        var graph = streams.graph("app");

        assertThat(graph.streams()).hasSize(1);
        var input = graph.streams().get(0);
        assertThat(input.parents()).isEmpty();
        assertThat(input.source()).contains("idle");
        assertThat(graph.outputs()).singleElement().satisfies(o -> {
            assertThat(o.parent()).isEqualTo(input.id());
            assertThat(o.sink()).contains("recording");
        });

        streams.stop("app");

        assertThat(streams.graph("app").streams()).isEmpty();
        assertThat(streams.graph("app").outputs()).isEmpty();
    }

    @Test
    void shouldStopOnlyTheStreamsThatUseALeavingPlugin() {
        streams.addApplication("uses-recording", APP);
        streams.addApplication("uses-other", (ssc, args) ->
                ssc.<String>receiverStream("idle", Config.empty()).to("other", Config.empty()));
        plugins.sources.put("idle", IDLE_SOURCE);
        plugins.sinks.put("recording", new RecordingSink());
        plugins.sinks.put("other", new RecordingSink());
        streams.start("uses-recording", Config.empty());
        streams.start("uses-other", Config.empty());

        plugins.sinks.remove("recording");
        streams.pluginRemoved(PluginRef.sink("recording"));
        assertThat(streams.status("uses-recording").state()).isEqualTo(StreamState.WAITING);
        assertThat(streams.status("uses-other").state()).isEqualTo(StreamState.RUNNING);
    }

    @Test
    void shouldNameTheApplicationsThatExistWhenOneIsUnknown() {
        streams.addApplication("network-word-count", APP);
        assertThatThrownBy(() -> streams.start("network-wordcount", Config.empty()))
                .isInstanceOf(SluiceException.class)
                .hasMessage("unknown application 'network-wordcount'; applications: network-word-count");
    }

    @Test
    void shouldNameTheKeysAnApplicationTakesWhenAnArgumentIsUnknown() {
        streams.addApplication("app", APP);
        assertThatThrownBy(() -> streams.start("app", Config.parse(List.of("prot=9999"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown key 'prot' for app; did you mean port? (it takes ")
                .hasMessageContaining("port").hasMessageContaining("batch").hasMessageContaining("parallelism");
        assertThat(streams.status("app").state()).isEqualTo(StreamState.STOPPED);
    }

    @Test
    void shouldTakeEveryContextKeyOfTheSettingsRegistry() {
        streams.addApplication("app", (ssc, args) ->
                ssc.socketTextStream("localhost", args.integer("port", 9999)).print());
        streams.start("app", Config.parse(List.of("backpressure.enabled=true", "backpressure.minRate=50",
                "stop.gracefulTimeout=5s", "recovery=fresh")));
        assertThat(streams.status("app").state()).isNotEqualTo(StreamState.FAILED);
    }

    @Test
    void shouldNeverLetADeclaredStreamReplaceAnApplicationOfTheSameName() {
        streams.addApplication("app", APP);
        var declared = new DeclaredStream(StreamDeclaration.parse("app.cfg", "app", Map.of("source", "idle",
                "outputs", "out", "sink.out", "recording")), "app.cfg");
        assertThatThrownBy(() -> streams.declare("app", declared, Config.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("a stream named 'app' is an application already");
        assertThat(streams.list()).extracting(s -> s.description()).containsExactly(APP.description());
    }

    @Test
    void shouldRefuseAValueOutsideWhatAKeyAccepts() {
        streams.addApplication("app", (ssc, args) ->
                ssc.socketTextStream("localhost", args.integer("port", 9999)).print());
        assertThatThrownBy(() -> streams.start("app", Config.parse(List.of("output.onFailure=retry"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("output.onFailure must be one of stop, skip, got 'retry'");
        assertThat(streams.status("app").state()).isEqualTo(StreamState.STOPPED);
    }

    @Test
    void shouldRefuseABadArgumentValueAndStayStopped() {
        streams.addApplication("app", (ssc, args) ->
                ssc.socketTextStream("localhost", args.integer("port", 9999)).print());
        assertThatThrownBy(() -> streams.start("app", Config.parse(List.of("batch=soon"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("batch must be a duration such as 500ms, 1s or 2m, got 'soon'");
        assertThat(streams.status("app").state()).isEqualTo(StreamState.STOPPED);
    }

    @Test
    void shouldReportAnApplicationThatFailsToDefineItsGraph() {
        streams.addApplication("broken", (ssc, args) -> {
            throw new IllegalArgumentException("port must be given");
        });
        var status = streams.start("broken", Config.empty());
        assertThat(status.state()).isEqualTo(StreamState.FAILED);
        assertThat(status.lastError()).hasValueSatisfying(e -> assertThat(e).contains("port must be given"));
    }

    @Test
    void shouldListARefusedFileAsFailedWithItsErrorUntilItIsCleared() {
        streams.addApplication("app", APP);
        streams.refuse("dev.sluice.stream-bad.cfg", "etc/dev.sluice.stream-bad.cfg: outputs is missing");

        assertThat(streams.list()).extracting(s -> s.application() + " " + s.state() + " " + s.description())
                .containsExactly("app STOPPED " + APP.description(),
                        "dev.sluice.stream-bad.cfg FAILED etc/dev.sluice.stream-bad.cfg: outputs is missing");
        assertThat(streams.status("dev.sluice.stream-bad.cfg").lastError())
                .contains("etc/dev.sluice.stream-bad.cfg: outputs is missing");
        assertThat(streams.metrics("dev.sluice.stream-bad.cfg").state()).isEqualTo(StreamState.FAILED);
        assertThat(streams.graph("dev.sluice.stream-bad.cfg").streams()).isEmpty();
        assertThat(streams.checkpoint("dev.sluice.stream-bad.cfg").directory()).isEmpty();
        assertThatThrownBy(() -> streams.start("dev.sluice.stream-bad.cfg", Config.empty()))
                .isInstanceOf(SluiceException.class).hasMessageEndingWith("fix the file or delete it");

        streams.clearRefusal("dev.sluice.stream-bad.cfg");
        assertThat(streams.list()).extracting(s -> s.application()).containsExactly("app");
    }

    @Test
    void aDeclaredStreamThatCannotStartLeavesNoStoppedStreamBehind() {
        var declared = new DeclaredStream(StreamDeclaration.parse("d.cfg", "d", Map.of("source", "idle",
                "outputs", "out", "sink.out", "recording")), "d.cfg");
        assertThatThrownBy(() -> streams.declare("d", declared, Config.parse(List.of("batch=soon"))))
                .isInstanceOf(ConfigException.class);
        assertThat(streams.list()).isEmpty();
    }
}
