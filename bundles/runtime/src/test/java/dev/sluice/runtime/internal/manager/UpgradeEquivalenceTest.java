package dev.sluice.runtime.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.DStream;
import dev.sluice.api.Dataset;
import dev.sluice.api.Pair;
import dev.sluice.api.StateSpec;
import dev.sluice.api.StreamingContext;
import dev.sluice.api.Time;
import dev.sluice.api.spi.Sink;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.StreamingApplication;
import dev.sluice.runtime.internal.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A live upgrade changes nothing a stream outputs: the same input through the same graph gives
 * the same batches with upgrades at batch boundaries (two in a row, one between slides of a
 * window) as without, for every kind of state: running counts, mapWithState with timeouts,
 * incremental windows, windows over state, windows over the input.
 */
class UpgradeEquivalenceTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    private static Arguments shape(String name, Function<DStream<String>, DStream<?>> graph) {
        return Arguments.of(name, graph);
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                shape("running count", words -> words.mapToPair(w -> Pair.of(w, 1L))
                        .<Long>updateStateByKey((vs, s) -> Optional.of(s.orElse(0L) + vs.size())).name("counts")),
                shape("mapWithState with a timeout", words -> words.mapToPair(w -> Pair.of(w, 1L))
                        .mapWithState(StateSpec.<String, Long, Long, String>function((k, v, state) -> {
                            if (state.isTimingOut()) {
                                return k + " timed out at " + state.get();
                            }
                            long n = (state.exists() ? state.get() : 0L) + v.orElse(0L);
                            state.update(n);
                            return k + "=" + n;
                        }).timeout(Duration.ofSeconds(2))).name("sessions")),
                shape("incremental window sliding every 2 batches", words -> words.mapToPair(w -> Pair.of(w, 1L))
                        .reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, Duration.ofSeconds(4), Duration.ofSeconds(2))
                        .name("windowed")),
                shape("window over a running count", words -> words.mapToPair(w -> Pair.of(w, 1L))
                        .<Long>updateStateByKey((vs, s) -> Optional.of(s.orElse(0L) + vs.size())).name("totals")
                        .window(Duration.ofSeconds(3), SECOND)),
                shape("window over the input", words -> words.window(Duration.ofSeconds(3), SECOND).countByValue()));
    }

    /** One stream of a shape, fed a batch at a time on a clock of its own. */
    private static final class Run implements AutoCloseable {
        final StreamsTest.ChangingPlugins plugins = new StreamsTest.ChangingPlugins();
        final ManualClock clock = new ManualClock(0);
        final Streams streams = new Streams(plugins, clock);
        final Queue<List<String>> queue = new ConcurrentLinkedQueue<>();
        final List<String> delivered = new CopyOnWriteArrayList<>();
        final Function<DStream<String>, DStream<?>> graph;
        StreamingApplication application;
        int batches;

        Run(Function<DStream<String>, DStream<?>> graph) {
            this.graph = graph;
            plugins.sinks.put("collecting", new SinkProvider() {
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
            });
            application = newVersion();
            streams.addApplication("app", application);
            streams.start("app", Config.empty());
        }

        /** The same definition in a new application object, as a new bundle's would be. */
        StreamingApplication newVersion() {
            return (StreamingContext ssc, Config args) -> graph.apply(ssc.queueStream(queue, true)
                    .flatMap(line -> Arrays.asList(line.split(" ")))).to("collecting", Config.empty());
        }

        void upgrade() {
            streams.removeApplication("app", application);
            application = newVersion();
            streams.addApplication("app", application, "version " + batches);
        }

        void batch(String line) throws InterruptedException {
            queue.add(List.of(line));
            clock.advance(1_000);
            batches++;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (streams.status("app").batchesCompleted() < batches) {
                assertThat(System.nanoTime()).as("batch " + batches + " completes").isLessThan(deadline);
                Thread.sleep(2);
            }
        }

        @Override
        public void close() {
            streams.stopAll();
        }
    }

    @org.junit.jupiter.api.Test
    void aNewVersionWithALongerWindowStartsItWithTheBatchesTheOldOneKept() throws Exception {
        try (var run = new Run(words -> words.window(Duration.ofSeconds(2), SECOND).countByValue())) {
            run.batch("a");
            run.batch("b");
            run.batch("c");
            run.streams.removeApplication("app", run.application);
            run.application = (StreamingContext ssc, Config args) -> ssc.queueStream(run.queue, true)
                    .flatMap(line -> Arrays.asList(line.split(" "))).window(Duration.ofSeconds(4), SECOND)
                    .countByValue().to("collecting", Config.empty());
            run.streams.addApplication("app", run.application, "longer window");
            run.batch("d");
            run.batch("e");
            assertThat(run.delivered).containsExactly("1000 [(a,1)]", "2000 [(a,1), (b,1)]", "3000 [(b,1), (c,1)]",
                    "4000 [(b,1), (c,1), (d,1)]", "5000 [(b,1), (c,1), (d,1), (e,1)]");
            assertThat(run.streams.status("app").batchesFailed()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void anUpgradedStreamOutputsWhatTheSameStreamDoesWithoutUpgrades(String name,
            Function<DStream<String>, DStream<?>> graph) throws Exception {
        List<String> input = List.of("a b", "a", "b c", "", "a a", "c", "", "", "b", "a c", "", "");
        try (var reference = new Run(graph); var upgraded = new Run(graph)) {
            for (int i = 0; i < input.size(); i++) {
                if (i == 3 || i == 6 || i == 7) {
                    upgraded.upgrade(); // at batch 4, between a window's slides, and twice in a row
                }
                if (i == 7) {
                    upgraded.upgrade();
                }
                reference.batch(input.get(i));
                upgraded.batch(input.get(i));
            }
            assertThat(upgraded.streams.status("app").upgrades()).hasSize(4);
            assertThat(upgraded.delivered).as(name).isEqualTo(reference.delivered).isNotEmpty();
        }
    }
}
