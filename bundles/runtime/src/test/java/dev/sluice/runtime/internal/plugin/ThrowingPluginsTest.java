package dev.sluice.runtime.internal.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Config;
import dev.sluice.api.Dataset;
import dev.sluice.api.StorageLevel;
import dev.sluice.api.StreamingSettings;
import dev.sluice.api.Time;
import dev.sluice.api.listener.BatchInfo;
import dev.sluice.api.listener.OutputOperationInfo;
import dev.sluice.api.spi.BatchSource;
import dev.sluice.api.spi.BatchSourceContext;
import dev.sluice.api.spi.InputSplit;
import dev.sluice.api.spi.Receiver;
import dev.sluice.api.spi.ReceiverContext;
import dev.sluice.api.spi.Sink;
import dev.sluice.api.spi.SinkProvider;
import dev.sluice.api.spi.SourceProvider;
import dev.sluice.runtime.testkit.StreamTestKit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Plugins that throw from every method they have: each failure is reported where it happened
 * (the receiver's status, the batch's output operation), the stream keeps running, and the data
 * of the other inputs and outputs is not lost.
 */
class ThrowingPluginsTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    private static IllegalStateException broken(String method) {
        return new IllegalStateException(method + " is broken");
    }

    /** A receiver that throws from every method. */
    private static final class ThrowingReceiver implements Receiver<String> {
        @Override
        public void onStart(ReceiverContext<String> context) {
            throw broken("onStart");
        }

        @Override
        public void onStop() {
            throw broken("onStop");
        }

        @Override
        public StorageLevel storageLevel() {
            throw broken("storageLevel");
        }

        @Override
        public String description() {
            throw broken("description");
        }
    }

    /** A batch source that throws from every method but start (whose failure is the stream's start failing). */
    private static final class ThrowingSource implements BatchSource<String> {
        @Override
        public void start(BatchSourceContext context) {
        }

        @Override
        public List<InputSplit<String>> poll(Time batchTime) {
            throw broken("poll");
        }

        @Override
        public byte[] progress() {
            throw broken("progress");
        }

        @Override
        public void batchCompleted(Time batchTime) {
            throw broken("batchCompleted");
        }

        @Override
        public void forget(Time horizon) {
            throw broken("forget");
        }

        @Override
        public void stop() {
            throw broken("stop");
        }

        @Override
        public String description() {
            throw broken("description");
        }
    }

    /** A sink that throws from every method. */
    private static final class ThrowingSink implements Sink<String> {
        @Override
        public void write(Dataset<String> batch, Time time) {
            throw broken("write");
        }

        @Override
        public void close() {
            throw broken("close");
        }
    }

    private static Optional<String> failure(BatchInfo batch, int output) {
        return batch.outputOperations().stream().filter(o -> o.id() == output).findFirst()
                .flatMap(OutputOperationInfo::failure);
    }

    @Test
    void aStreamWithPluginsThatThrowFromEveryMethodKeepsRunningItsOtherInputsAndOutputs() throws Exception {
        SourceProvider sources = new SourceProvider() {
            @Override
            public BatchSource<?> createBatchSource(Config config) {
                return new ThrowingSource();
            }
        };
        SinkProvider sinks = new SinkProvider() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> Sink<T> createSink(Config config) {
                return (Sink<T>) new ThrowingSink();
            }
        };
        var settings = new StreamingSettings("throwing", SECOND, 2, Config.of(Map.of("output.onFailure", "skip",
                "output.retries", "1", "output.retryBackoff", "1ms", "receiverMaxBackoff", "50ms")));
        try (var kit = new StreamTestKit(settings, StreamTestKit.plugins(Map.of("broken", sources),
                Map.of("broken", sinks)))) {
            var good = kit.<String>input();
            var kept = kit.output(good.stream());
            kit.context().receiverStream(new ThrowingReceiver()).foreach(b -> b.count());
            kit.context().<String>batchSourceStream("broken", Config.empty()).foreach(b -> b.count());
            good.stream().to("broken", Config.empty());
            kit.start();
            good.add(List.of("a", "b"));
            good.add(List.of("c"));

            List<BatchInfo> batches = List.of(kit.runBatchMovingClock(10), kit.runBatchMovingClock(10),
                    kit.runBatchMovingClock(10));

            assertThat(kept.at(kit.batchTime(1))).containsExactly("a", "b");
            assertThat(kept.at(kit.batchTime(2))).containsExactly("c");
            assertThat(kept.at(kit.batchTime(3))).as("batches go on after batchCompleted and forget threw").isEmpty();
            assertThat(batches).allSatisfy(b -> {
                assertThat(failure(b, 0)).isEmpty();
                assertThat(failure(b, 2)).hasValueSatisfying(f -> assertThat(f).contains("could not list batch")
                        .contains("poll is broken"));
                assertThat(failure(b, 3)).hasValueSatisfying(f -> assertThat(f).contains("write is broken"));
            });
            var inputs = kit.context().graph().inputs();
            var receiver = inputs.get(1).receiverInfo().orElseThrow();
            assertThat(receiver.description()).contains("ThrowingReceiver").contains("description is broken");
            assertThat(receiver.lastError()).hasValueSatisfying(e -> assertThat(e).contains("onStart is broken"));
            var source = inputs.get(2).receiverInfo().orElseThrow();
            assertThat(source.description()).contains("ThrowingSource");
            assertThat(source.lastError()).isPresent();
        }
    }
}
