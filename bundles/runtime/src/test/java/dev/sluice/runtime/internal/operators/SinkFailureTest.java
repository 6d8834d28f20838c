package dev.sluice.runtime.internal.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Config;
import dev.sluice.api.Dataset;
import dev.sluice.api.SluiceException;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.spi.Sink;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SinkFailureTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    /** A sink that fails its first {@code failures} writes, then records every batch written. */
    static final class FlakySink implements SinkProvider {
        final AtomicInteger failuresLeft;
        final AtomicInteger attempts = new AtomicInteger();
        final List<String> written = new CopyOnWriteArrayList<>();

        FlakySink(int failures) {
            failuresLeft = new AtomicInteger(failures);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> Sink<T> createSink(Config config) {
            return (Dataset<T> batch, Time time) -> {
                attempts.incrementAndGet();
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new IOException("disk full");
                }
                written.add(time.millis() + ":" + batch.collect());
            };
        }
    }

    private static StreamTestKit kit(FlakySink sink, String... settings) {
        var s = StreamingSettings.of("local[2]", "flaky", SECOND).with("output.retryBackoff", "1ms");
        for (String kv : settings) {
            String[] parts = kv.split("=");
            s = s.with(parts[0], parts[1]);
        }
        return new StreamTestKit(s, StreamTestKit.plugins(Map.of(), Map.of("flaky", sink)));
    }

    @Test
    void aFailingWriteIsRetriedWithTheBatchsDataUntilItSucceeds() {
        var sink = new FlakySink(2);
        try (var kit = kit(sink)) {
            var in = kit.<Integer>input();
            in.stream().to("flaky", Config.empty());
            kit.start();
            in.add(List.of(1, 2));

            BatchInfo batch = kit.runBatchMovingClock(1);

            assertThat(batch.failure()).isEmpty();
            assertThat(sink.attempts).hasValue(3);
            assertThat(sink.written).containsExactly("1000:[1, 2]");
        }
    }

    @Test
    void byDefaultABatchThatStillFailsStopsTheStreamWithTheReason() throws Exception {
        var sink = new FlakySink(100);
        try (var kit = kit(sink, "output.retries=2")) {
            var in = kit.<Integer>input();
            in.stream().to("flaky", Config.empty());
            kit.start();
            in.add(List.of(1));
            kit.clock().advance(1_000);

            assertThatThrownBy(() -> kit.awaitTerminationMovingClock(1))
                    .isInstanceOf(SluiceException.class)
                    .hasMessageContaining("sink 'flaky' failed to write batch 1000 ms 3 times")
                    .hasMessageContaining("disk full")
                    .hasMessageContaining("set output.onFailure=skip");
            assertThat(kit.context().run().failure()).isPresent();
            assertThat(sink.attempts).hasValue(3);
        }
    }

    @Test
    void withSkipABatchThatStillFailsIsSkippedAndTheNextOneIsWritten() {
        var sink = new FlakySink(2);
        try (var kit = kit(sink, "output.retries=1", "output.onFailure=skip")) {
            var in = kit.<Integer>input();
            in.stream().to("flaky", Config.empty());
            kit.start();
            in.add(List.of(1));
            in.add(List.of(2));

            BatchInfo first = kit.runBatchMovingClock(1);
            BatchInfo second = kit.runBatchMovingClock(1);

            assertThat(first.failure()).hasValueSatisfying(op -> assertThat(op.failure().orElseThrow())
                    .contains("failed to write batch 1000 ms 2 times").contains("output is skipped"));
            assertThat(second.failure()).isEmpty();
            assertThat(sink.written).containsExactly("2000:[2]");
            assertThat(kit.context().run().failure()).isEmpty();
        }
    }
}
